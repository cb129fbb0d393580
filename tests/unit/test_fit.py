"""The scorer's fitting: the listwise ranker puts each part's right candidate first, holds the
signs reason gives, and the wrongly-refused limit is held by its upper bound."""

import numpy as np

from briefbot.answering.features import FEATURES
from briefbot.answering.scorer import RANK_SIGNS
from briefbot.evaluation.fit import Data, fit_ranker, objective, wilson_upper


def _data(parts: int = 120, size: int = 12, seed: int = 0) -> Data:
    """Parts whose right candidate has the highest `sim` (with noise on every feature), and
    whose right candidates also happen to repeat the question's words more."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(parts * size, len(FEATURES)))
    y = np.zeros(parts * size, dtype=int)
    sim, repeats = FEATURES.index("sim"), FEATURES.index("repeats")
    for p in range(parts):
        right = p * size + int(rng.integers(size))
        y[right] = 1
        x[right, sim] += 3.0
        x[right, repeats] += 3.0
    index = [np.arange(p * size, (p + 1) * size) for p in range(parts)]
    return Data(
        x=x,
        y=y,
        answerable=np.ones(parts * size, dtype=bool),
        parts=index,
        fold=np.arange(parts) % 5,
        made=np.zeros(parts, dtype=bool),
    )


def test_listwise_ranker_puts_the_right_candidate_first_on_new_parts():
    ranker = fit_ranker(_data(), _data().parts, c=1.0)
    fresh = _data(seed=1)
    firsts = [fresh.y[ix[int(np.argmax(ranker(fresh.x[ix])))]] for ix in fresh.parts]
    assert np.mean(firsts) >= 0.7  # by chance 1 in 12; sim alone gives about 0.85
    assert ranker.coef[FEATURES.index("sim")] > 0


def test_ranker_holds_the_sign_reason_gives():
    assert RANK_SIGNS["repeats"] == -1  # repeating the question's words is no evidence
    ranker = fit_ranker(_data(), _data().parts, c=1.0)
    assert ranker.coef[FEATURES.index("repeats")] <= 0.0
    assert all(
        ranker.coef[FEATURES.index(name)] * sign >= -1e-9 for name, sign in RANK_SIGNS.items()
    )


def test_wrongly_refused_limit_is_held_by_its_upper_bound():
    assert wilson_upper(0.03, 400) > 0.04
    assert wilson_upper(0.03, 400) < 0.05
    assert wilson_upper(0.0, 400) > 0.0
    assert abs(wilson_upper(0.03, 100_000) - 0.03) < 0.002
    figures = {"accuracy": 0.6, "refused": 0.3, "answerable": 400.0}
    inside = objective({**figures, "wrongly_refused": 0.02})
    at_limit = objective({**figures, "wrongly_refused": 0.049})
    assert abs(inside - 0.9) < 1e-9
    assert at_limit < inside - 0.1  # at the limit itself, the bound is past it
