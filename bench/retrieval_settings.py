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
    defaults = (retrieve.WEIGHTS["dense"], retrieve.RRF_K, retrieve.WEIGHTS["named"])
    settings = [(w, c, defaults[2]) for w in DENSE_WEIGHTS for c in RRF_CONSTANTS]
    settings += [(defaults[0], defaults[1], n) for n in NAMED_WEIGHTS if n != defaults[2]]
    for weight, constant, named in settings:
        retrieve.WEIGHTS["dense"], retrieve.RRF_K, retrieve.WEIGHTS["named"] = (
            weight,
            constant,
            named,
        )
        figures: dict[str, float] = {}
        answers: dict[str, float] = {}
        for name, _, cases in sets:
            hits = held = 0
            for case in cases:
                search, hints = searches[case.question]
                found = retrieve.retrieve(generation, embedder, search, k=20, hints=hints)
                hits += bool({h.passage.path for h in found[:5]} & set(case.all_papers))
                held += holds_answer(case, [h.passage for h in found[:5]])
            figures[name] = round(100 * hits / max(len(cases), 1), 1)
            answers[name] = round(100 * held / max(len(cases), 1), 1)
        seen = [figures[name] for name, is_seen, _ in sets if is_seen]
        held_seen = [answers[name] for name, is_seen, _ in sets if is_seen]
        mark = " (default)" if (weight, constant, named) == defaults else ""
        print(
            f"dense {weight} rrf_k {constant} named {named}{mark}: "
            f"paper hit@5 seen mean {sum(seen) / len(seen):.1f}",
            figures,
            f"answer passage @5 seen mean {sum(held_seen) / len(held_seen):.1f}",
            answers,
            flush=True,
        )
    retrieve.WEIGHTS["dense"], retrieve.RRF_K, retrieve.WEIGHTS["named"] = defaults
    bot.close()


if __name__ == "__main__":
    main()
