"""Tuning the question side of the model (evaluation.tune), with the real model and torch: a few
parts' candidate pools, and the right sentence of each lifted by the fit."""

from __future__ import annotations

import numpy as np

from briefbot.config import Settings
from briefbot.evaluation.tune import LAYERS, MODULES, RANK, Pool, QuestionEncoder
from briefbot.store.embedder import Embedder, model_path

POOLS = [
    (
        "Who seconded the budget motion?",
        [
            "The budget motion was debated for over an hour.",
            "Mr Gough seconded the motion.",
            "The council's budget for 2025-26 is £1.5bn.",
        ],
        1,
    ),
    (
        "When will the improvement plan go to Cabinet?",
        [
            "The improvement plan sets out ten priorities.",
            "Cabinet members welcomed the plan's ambition.",
            "It will be considered by Cabinet on 14 December.",
        ],
        2,
    ),
    (
        "How much did the new play area cost?",
        [
            "The new play area opened in June to great excitement.",
            "The total cost of the works was £110,000.",
            "Children from the village school helped to choose the equipment.",
        ],
        1,
    ),
]


def _share_right(encoder: QuestionEncoder, pools: list[Pool]) -> float:
    """The mean softmax share (as fitted: scale 20) of each pool's right sentence."""
    questions = encoder.vectors([p.focus for p in pools])
    shares = []
    for question, pool in zip(questions, pools, strict=True):
        logits = 20.0 * pool.vectors @ question
        chances = np.exp(logits - logits.max())
        shares.append(float(chances[pool.right].sum() / chances.sum()))
    return float(np.mean(shares))


def test_the_tuning_lifts_the_sentences_that_answer(embedder: Embedder) -> None:
    pools = [
        Pool(question, embedder.encode(sentences), np.arange(3) == right)
        for question, sentences, right in POOLS
    ]
    encoder = QuestionEncoder(model_path(Settings().model))
    before = _share_right(encoder, pools)
    encoder.fit(pools)
    after = _share_right(encoder, pools)
    assert after > before + 0.1, (before, after)
    weights = encoder.weights()
    assert len(weights) == LAYERS * len(MODULES)
    query = weights["encoder.layer.5.attention.self.query"]
    assert query["a"].shape == (RANK, 384) and query["b"].shape == (384, RANK)
