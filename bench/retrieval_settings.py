"""Retrieval settings against hit@5, seen sets beside unseen, in one run.

For every answerable question of eval/'s sets, the first part's search (as the answerer makes
it) is retrieved for on the evaluation index, with each fusion setting in turn: the dense
ranking's weight and the reciprocal-rank constant, then the named-paper ranking's weight. A
question is a hit when one of the first five passages comes from a paper it may cite — the
figure `briefbot eval` reports as paper hit@5 — and an answer-passage hit when one of them holds
its expected answer (`briefbot eval`'s "answer passage @5").
Choose on the seen sets' mean; the unseen sets are printed to be reported, never to choose by.
Needs the evaluation index (`briefbot eval` builds it).

    .venv/bin/python bench/retrieval_settings.py
"""

from __future__ import annotations

from briefbot.answering.question import parse
from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.evaluation.cases import load_cases, question_sets
from briefbot.evaluation.corpus import haystack_settings
from briefbot.evaluation.harness import holds_answer
from briefbot.store import retrieve

DENSE_WEIGHTS = (0.3, 0.5, 0.7, 1.0)
RRF_CONSTANTS = (20, 60)
NAMED_WEIGHTS = (0.0, 0.15, 0.3, 0.6, 1.0)  # swept at the default dense weight and constant
POOL = 20  # the passages whose sentences the answerer weighs (engine.EVIDENCE_POOL)


def main() -> None:
    bot = Briefbot(haystack_settings(Settings()))
    generation, embedder = bot.generation(), bot.embedder
    sets = [
        (s.name, s.seen, [c for c in load_cases(s.path) if not c.unanswerable])
        for s in question_sets()
    ]
    vectors: dict[str, object] = {}
    encode = embedder.encode_query

    def remembered(text: str) -> object:  # each search is embedded once for all settings
        if text not in vectors:
            vectors[text] = encode(text)
        return vectors[text]

    embedder.encode_query = remembered  # type: ignore[method-assign]
    firsts = {c.question: parse(c.question).parts[0] for _, _, cs in sets for c in cs}
    searches = {question: (part.search, part.hints) for question, part in firsts.items()}
    defaults = {**retrieve.WEIGHTS, "rrf_k": retrieve.RRF_K}
    settings = [{"dense": w, "rrf_k": c} for w in DENSE_WEIGHTS for c in RRF_CONSTANTS]
    settings += [{"named": n} for n in NAMED_WEIGHTS if n != defaults["named"]]
    for changed in settings:
        setting = {**defaults, **changed}
        retrieve.RRF_K = int(setting.pop("rrf_k"))
        retrieve.WEIGHTS.update(setting)
        figures: dict[str, float] = {}
        answers: dict[str, float] = {}
        pooled: dict[str, float] = {}
        for name, _, cases in sets:
            hits = held = within = 0
            for case in cases:
                search, hints = searches[case.question]
                found = retrieve.retrieve(generation, embedder, search, k=POOL, hints=hints)
                hits += bool({h.passage.path for h in found[:5]} & set(case.all_papers))
                held += holds_answer(case, [h.passage for h in found[:5]])
                within += holds_answer(case, [h.passage for h in found])
            figures[name] = round(100 * hits / max(len(cases), 1), 1)
            answers[name] = round(100 * held / max(len(cases), 1), 1)
            pooled[name] = round(100 * within / max(len(cases), 1), 1)

        def mean(values: dict[str, float], seen: bool) -> float:
            chosen = [values[name] for name, is_seen, _ in sets if is_seen == seen]
            return sum(chosen) / max(len(chosen), 1)

        mark = " (default)" if {**defaults, **changed} == defaults else ""
        print(
            f"{changed}{mark}: paper hit@5 seen mean {mean(figures, True):.1f}",
            f"unseen {mean(figures, False):.1f};",
            f"answer passage @5 seen mean {mean(answers, True):.1f}",
            f"unseen {mean(answers, False):.1f};",
            f"answer passage @{POOL} seen mean {mean(pooled, True):.1f}",
            f"unseen {mean(pooled, False):.1f}",
            figures,
            answers,
            flush=True,
        )
    retrieve.RRF_K = int(defaults.pop("rrf_k"))
    retrieve.WEIGHTS.update(defaults)
    bot.close()


if __name__ == "__main__":
    main()
