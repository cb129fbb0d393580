"""The scorer's training table: every candidate sentence of every fit question, labelled right
or wrong, with its features; built over the evaluation index, saved as eval/fit/candidates.csv.gz
(no paper text), and read back for fitting. Unanswerable variants come from swapping a word."""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.answering.answerer import Answerer, Sources, Weighed
from briefbot.answering.candidates import Candidate
from briefbot.answering.features import FEATURES
from briefbot.answering.question import at_home, parse
from briefbot.config import Settings
from briefbot.engine import EVIDENCE_POOL, Briefbot
from briefbot.evaluation.cases import EVAL, Case, Expectation, load_cases, question_sets
from briefbot.evaluation.corpus import haystack_settings, real_available
from briefbot.language.names import council_names
from briefbot.language.tokens import stems, tokenize
from briefbot.store.retrieve import retrieve

TABLE = EVAL / "fit" / "candidates.csv.gz"


@dataclass
class Row:
    """One candidate of one question part, with its label and features (and, while building,
    its text and paper, which the saved table leaves out)."""

    question: str
    set: str
    part: int
    group: str
    answerable: bool
    label: int
    features: list[float]
    text: str = ""
    path: str = ""
    vectors: tuple[Any, Any] | None = None  # (question part, candidate), while building


def shown(candidate: Candidate) -> str:
    """The candidate as an answer would show it: the sentence it leans on, then itself."""
    lead = candidate.lead
    text = candidate.text
    if lead is not None:
        text = f"{candidate.view.text(lead)} {text}"
    return " ".join(text.split())


def label(candidate: Candidate, expectation: Expectation) -> int:
    if expectation.unanswerable or candidate.paper.path not in expectation.papers:
        return 0
    text = shown(candidate)
    return int(any(re.search(p, text, re.IGNORECASE) for p in expectation.patterns))


def case_rows(name: str, case: Case, weighed: list[Weighed], group: str = "") -> list[Row]:
    """The labelled candidates of a case; parts are matched to the case's parts in order."""
    expectations = case.expectations
    if len(expectations) > 1 and len(expectations) != len(weighed):
        return []
    group = group or (case.all_papers[0] if case.all_papers else _top_paper(weighed))
    rows = []
    for number, item in enumerate(weighed):
        expectation = expectations[number] if len(expectations) > 1 else expectations[0]
        for candidate, features in zip(item.candidates, item.matrix, strict=True):
            vector = item.vectors[candidate.paper_id, candidate.index]
            rows.append(
                Row(
                    case.question,
                    name,
                    number,
                    group,
                    not expectation.unanswerable,
                    label(candidate, expectation),
                    [float(x) for x in features],
                    shown(candidate),
                    candidate.paper.path,
                    (item.query, vector),
                )
            )
    return rows


# Unanswerable variants of the fit questions: the question's most telling word, or the place it
# names, swapped for one no paper in the index uses. Councillors ask about things the papers
# never mention far more often than question writers do; these teach the judge what that looks
# like. (They are fitted on, but never counted in the figures that choose settings.)
SWAPPED = "+swapped"


SWAP_WORDS = (
    "salary",
    "crematorium",
    "allotments",
    "lido",
    "tramway",
    "airport",
    "harbour",
    "observatory",
    "vineyard",
    "ferry",
    "toll",
    "monorail",
    "velodrome",
    "aquarium",
    "planetarium",
    "zoo",
    "casino",
    "racecourse",
    "marina",
    "cathedral",
)


SWAP_PLACES = ("Tarnby", "Oakmere", "Hexfield", "Brackenbury", "Whitmoor", "Caldersby")


def swapped(case: Case, number: int, generation: Any) -> Case | None:
    """An unanswerable variant of an answerable one-part question, or None."""
    if case.unanswerable or case.parts:
        return None
    known = generation.keywords.known
    part = parse(case.question).parts[0]
    if number % 2 and part.names:
        place = next((p for p in SWAP_PLACES if not known(tokenize(p)[0])), None)
        name = next(
            (
                w
                for w in re.findall(r"\b[A-Z][\w’'-]+", case.question)
                if set(tokenize(w)) & part.names
            ),
            None,
        )
        if place and name:
            return Case(question=case.question.replace(name, place, 1), unanswerable=True)
    words = [w for w in re.findall(r"[A-Za-z]+", case.question) if len(w) > 3]
    telling = max(words, key=lambda w: generation.keywords.idf(stems([w.lower()])[0]), default="")
    fresh = [w for w in SWAP_WORDS if not known(stems([w])[0])]
    if not telling or not fresh:
        return None
    word = fresh[number % len(fresh)]
    question = re.sub(rf"\b{re.escape(telling)}\b", word, case.question, count=1)
    return Case(question=question, unanswerable=True)


def _top_paper(weighed: list[Weighed]) -> str:
    hits = weighed[0].hits if weighed else []
    return hits[0].passage.path if hits else "none"


def build_table(settings: Settings) -> list[Row]:
    engine = Briefbot(haystack_settings(settings, unseen=False))
    engine.refresh()
    generation = engine.generation()
    answerer = Answerer()

    def sources_for(home: frozenset[str]) -> Sources:
        """What the answerer reads, asked as of a set's council (if it has one)."""

        def find(search: str, hints: str = "") -> list[Any]:
            return retrieve(
                generation, engine.embedder, search, EVIDENCE_POOL, hints=hints, home=home
            )

        return Sources(
            find,
            generation.paper,
            engine.embedder.encode,
            generation.keywords.idf,
            str(generation.folder),
            generation.keywords.known,
            home=home,
        )

    rows: list[Row] = []
    for chosen in question_sets(seen=True):
        if chosen.needs_real and not real_available():
            print(f"skipping {chosen.name}: the genuine papers are not on this machine")
            continue
        home = council_names(chosen.council)
        sources = sources_for(home)
        cases = load_cases(chosen.path)
        skipped = made = 0
        for number, case in enumerate(cases):
            asked = at_home(parse(case.question), home)
            found = case_rows(chosen.name, case, answerer.weigh(asked, sources))
            skipped += not found
            rows.extend(found)
            variant = swapped(case, number, generation)
            if variant is not None and found:
                made += 1
                weighed = answerer.weigh(at_home(parse(variant.question), home), sources)
                rows.extend(case_rows(f"{chosen.name}{SWAPPED}", variant, weighed, found[0].group))
        print(
            f"{chosen.name}: {len(cases)} questions ({skipped} not split as written), "
            f"{made} made unanswerable by a swapped word"
        )
    engine.close()
    return rows


def save_table(rows: list[Row], path: Path = TABLE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "set", "part", "group", "answerable", "label", *FEATURES])
        for row in rows:
            writer.writerow(
                [
                    row.question,
                    row.set,
                    row.part,
                    row.group,
                    int(row.answerable),
                    row.label,
                    *(f"{x:.5g}" for x in row.features),
                ]
            )


def save_texts(rows: list[Row], path: Path) -> None:
    """The candidates' texts and papers, row for row with the table (for reading failures),
    and their vectors beside it."""
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([row.path, row.text])
    if rows and rows[0].vectors is not None:
        np.savez_compressed(
            path.with_suffix(".npz"),
            question=np.array([r.vectors[0] for r in rows if r.vectors], dtype=np.float16),
            candidate=np.array([r.vectors[1] for r in rows if r.vectors], dtype=np.float16),
        )


def load_table(path: Path = TABLE) -> list[Row]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if tuple(header[6:]) != FEATURES:
            raise SystemExit(f"{path} was built with other features: rebuild it (no --table)")
        return [
            Row(r[0], r[1], int(r[2]), r[3], r[4] == "1", int(r[5]), [float(x) for x in r[6:]])
            for r in reader
        ]
