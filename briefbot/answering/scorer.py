"""The fitted scorer: which candidate answers a question part best, and whether it answers it.

Two small linear models whose weights are data (`scorer.json`, written by
`python -m briefbot.evaluation.fit` from the question sets it names), not code:

- the ranker orders a part's candidates: a weighted sum of their standardised features, the
  weights fitted so that a softmax over each question part's candidates puts its right ones
  first, some of them held to the sign reason gives them (RANK_SIGNS);
- the judge gives the chance that the best candidate really answers: logistic, over the best
  candidate's rank score, its lead over the next, and its own features. Below the threshold
  the part is left unanswered. Both are fitted, and the threshold chosen, on cross-validation
  by paper. Nothing is fitted at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.answering.features import FEATURES
from briefbot.errors import BriefbotError
from briefbot.language.entities import NEEDS

SCORER_FILE = "scorer.json"


# What the judge reads of the best candidate: the evidence, never which kind of question it is
# or what type of paper (how often a question set's authors made "how many" questions
# unanswerable is no guide to councillors), nor how its pool was retrieved (pools differ in size
# between a council's index and a test's). The asked-for entity counts whatever its kind.
JUDGED = (
    *("sim", "tuned", "cover", "cover_window", "subject", "subject_window", "names", "unknown"),
    *("missing_rare", "rarest", "pairs", "action", "role", "role_named", "full_date"),
    *("future_past", "future_ahead", "entity_echo", "quoted", "heading_like", "colon", "clash"),
)
_ENTITY = [i for i, f in enumerate(FEATURES) if f.startswith("entity_") and f[7:] in NEEDS]
_NEAR = [i for i, f in enumerate(FEATURES) if f.startswith("near_")]
_NEEDS = [i for i, f in enumerate(FEATURES) if f.startswith("kind_") and f[5:] in NEEDS]
_PICK = [FEATURES.index(f) for f in JUDGED]
JUDGE_INPUTS = (
    "rank_score",
    "lead_over_next",
    "lead_over_top5",
    *JUDGED,
    "asked_entity",
    "asked_entity_near",
    "entity_missing",
)
# The direction each input may push the judge (0: not used). Fitted weights keep these signs.
JUDGE_SIGNS = {
    "rank_score": 1,
    "lead_over_next": 1,
    "lead_over_top5": 1,
    "sim": 1,
    "tuned": 1,
    "cover": 1,
    "cover_window": 1,
    "subject": 1,
    "subject_window": 1,
    "names": 1,
    "rarest": 1,
    "pairs": 1,
    "action": 1,
    "role": 1,
    "role_named": 1,
    "full_date": 1,
    "asked_entity": 1,
    "asked_entity_near": 1,
    "unknown": -1,
    "missing_rare": -1,
    "entity_missing": -1,
    "future_past": -1,
    "entity_echo": -1,
    "heading_like": -1,
    "colon": -1,
    "clash": -1,
}


# The direction reason gives some of the ranker's features (the rest are free): more meaning,
# more of the question's words, its names, the asked-for thing carried (beside the question's
# words), or what a "next" question asks about what is to come, can only make a sentence a
# likelier answer; a sentence that only repeats the question's words, misses a rare one, speaks
# of the past to a "next" question, echoes the entity the question already gave, gives another
# year or phase than the one asked about (language.specifics), or is a heading, only less.
# Fitted free, the ranker learnt that sentences restating the question are right, as they are
# in question sets written from the sentence that answers them, not as councillors ask.
RANK_SIGNS = {
    **dict.fromkeys(
        (
            *("sim", "tuned", "cover", "cover_window", "names", "rarest", "pairs", "subject"),
            *("subject_window", "role", "action", "role_named", "full_date", "future_ahead"),
            *("record_vote", "record_mover", "fresh"),
            *(f"entity_{k}" for k in NEEDS),
            *(f for f in FEATURES if f.startswith("near_")),
        ),
        1,
    ),
    **dict.fromkeys(
        ("repeats", "missing_rare", "future_past", "entity_echo", "heading_like", "clash"), -1
    ),
}


def judge_inputs(scores: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """What the judge reads of a part (JUDGE_INPUTS): the best candidate's rank score and its
    lead over the next and the top five, and its evidence."""
    order = np.argsort(-scores, kind="stable")
    best = scores[order[0]]
    runner = scores[order[1]] if len(order) > 1 else best - 5.0
    top = matrix[order[0]]
    entity, near = matrix[:, _ENTITY].sum(axis=1), matrix[:, _NEAR].sum(axis=1)
    needs = float(top[_NEEDS].sum())
    row = [
        best,
        best - runner,
        best - float(scores[order[:5]].mean()),
        *top[_PICK],
        entity[order[0]],
        near[order[0]],
        needs * (1.0 - entity[order[0]]),
    ]
    return np.asarray(row, dtype=np.float32)


@dataclass(frozen=True)
class Linear:
    """Weights over standardised inputs."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float = 0.0

    def __call__(self, matrix: np.ndarray) -> np.ndarray:
        return ((matrix - self.mean) / self.scale) @ self.coef + self.intercept

    def parts(self, row: np.ndarray) -> np.ndarray:
        return ((row - self.mean) / self.scale) * self.coef

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(float(self.intercept), 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(
            np.asarray(data["mean"], dtype=np.float32),
            np.asarray(data["scale"], dtype=np.float32),
            np.asarray(data["coef"], dtype=np.float32),
            float(data.get("intercept", 0.0)),
        )


@dataclass(frozen=True)
class Scorer:
    """The ranker, the judge, the refusal threshold, and where they came from."""

    features: tuple[str, ...]
    ranker: Linear
    judge: Linear
    threshold: float
    margin: float
    fitted: dict[str, Any]

    def rank(self, matrix: np.ndarray) -> np.ndarray:
        """A rank score per candidate (higher is better), in FEATURES order."""
        if not len(matrix):
            return np.zeros(0, dtype=np.float32)
        return self.ranker(matrix)

    def answers(self, scores: np.ndarray, matrix: np.ndarray) -> float:
        """The chance that the part's best candidate answers it."""
        if not len(scores):
            return 0.0
        z = float(self.judge(judge_inputs(scores, matrix)[None, :])[0])
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def contributions(self, row: np.ndarray) -> dict[str, float]:
        """Each feature's push on one candidate's rank score, for `explain`."""
        pushes = self.ranker.parts(row)
        return {name: round(float(v), 3) for name, v in zip(self.features, pushes, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "ranker": self.ranker.to_json(),
            "judge": {
                "inputs": list(JUDGE_INPUTS),
                **self.judge.to_json(),
            },
            "threshold": round(self.threshold, 4),
            "margin": round(self.margin, 4),
            "fitted": self.fitted,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scorer:
        features = tuple(data["features"])
        if features != FEATURES:
            raise BriefbotError(
                "the answer scorer was fitted on other features than this version computes; "
                "run `python -m briefbot.evaluation.fit`"
            )
        return cls(
            features=features,
            ranker=Linear.from_json(data["ranker"]),
            judge=Linear.from_json(data["judge"]),
            threshold=float(data["threshold"]),
            margin=float(data["margin"]),
            fitted=dict(data.get("fitted", {})),
        )


def load_scorer(path: Path | None = None) -> Scorer:
    text = (
        path.read_text(encoding="utf-8")
        if path is not None
        else files("briefbot.answering").joinpath(SCORER_FILE).read_text(encoding="utf-8")
    )
    return Scorer.from_json(json.loads(text))


@lru_cache(maxsize=1)
def shipped_scorer() -> Scorer:
    """The scorer shipped with briefbot, read once."""
    return load_scorer()
