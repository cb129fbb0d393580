"""Fit the answer scorer: `python -m briefbot.evaluation.fit`.

For every question of the seen sets (the dev set and the fit parts) the answerer gathers and
weighs its candidate sentences as it does when answering; a candidate is right when it (with the
sentence it leans on) matches the question's expectation and comes from a paper the question may
cite. A listwise ranker and a logistic judge are fitted over the features; their
regularisation and the refusal threshold are chosen by cross-validation with questions grouped
by paper (no paper's questions on both sides of a fold). How far below the best further
sentences may rank (MARGIN) is set, not fitted: the fit counts only the best sentence, so it
cannot weigh what another sentence adds against the words it costs. The table it was fit
on is written to eval/fit/candidates.csv.gz, the weights to briefbot/answering/scorer.json.

`--table` refits from the saved table alone (no index, no model).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.answering.features import FEATURES
from briefbot.answering.scorer import (
    JUDGE_INPUTS,
    JUDGE_SIGNS,
    RANK_SIGNS,
    SCORER_FILE,
    Linear,
    Scorer,
    judge_inputs,
)
from briefbot.config import Settings
from briefbot.evaluation.cases import EVAL
from briefbot.evaluation.table import (
    SWAPPED,
    TABLE,
    Row,
    build_table,
    load_table,
    save_table,
    save_texts,
)
from briefbot.evaluation.tune import cross_fit
from briefbot.store.tuning import TUNING, write_tuning

SCORER = Path(__file__).resolve().parents[1] / "answering" / SCORER_FILE


FOLDS = 5


RANK_C = (0.02, 0.05, 0.2)


JUDGE_C = (0.3, 3.0, 30.0)


MARGIN = 1.0  # further sentences must rank within this (log-odds) of the best


# --- fitting -----------------------------------------------------------------------------------
def _parts(rows: list[Row]) -> list[np.ndarray]:
    """Row indices of each question part."""
    parts: dict[tuple[str, str, int], list[int]] = {}
    for i, row in enumerate(rows):
        parts.setdefault((row.set, row.question, row.part), []).append(i)
    return [np.array(ix) for ix in parts.values()]


@dataclass
class Data:
    """The table as arrays, with its parts and their folds."""

    x: np.ndarray
    y: np.ndarray
    answerable: np.ndarray
    parts: list[np.ndarray]
    fold: np.ndarray  # per part
    made: np.ndarray  # per part: a swapped-word variant, fitted on but never counted

    @classmethod
    def of(cls, rows: list[Row]) -> Data:
        from sklearn.model_selection import GroupKFold

        parts = _parts(rows)
        groups = np.array([rows[ix[0]].group for ix in parts])
        fold = np.zeros(len(parts), dtype=int)
        for number, (_, test) in enumerate(GroupKFold(n_splits=FOLDS).split(groups, groups=groups)):
            fold[test] = number
        return cls(
            x=np.array([r.features for r in rows], dtype=np.float64),
            y=np.array([r.label for r in rows]),
            answerable=np.array([r.answerable for r in rows]),
            parts=parts,
            fold=fold,
            made=np.array([rows[ix[0]].set.endswith(SWAPPED) for ix in parts]),
        )


def fit_ranker(data: Data, parts: list[np.ndarray], c: float) -> Linear:
    """Listwise (softmax) ranking: the weights that make the right candidates of each part the
    likeliest of all its candidates, as a softmax over the part's rank scores reads them (L2
    penalty 1/C), each weight named in RANK_SIGNS held to its sign. The answerer keeps only the
    best of a part, and this is fitted to put a right one there; pairwise ranking (each right
    candidate against each wrong one) is fitted to order the whole pool, and ranked first fewer
    (cross-validated 55.4% against 56.6%; with the signs held, 57.1%)."""
    from scipy.optimize import minimize

    rows = np.concatenate(parts)
    mean, scale = data.x[rows].mean(axis=0), data.x[rows].std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    used = [ix for ix in parts if 0 < data.y[ix].sum() < len(ix)]
    if not used:
        return Linear(mean, scale, np.zeros(data.x.shape[1]))
    z = (data.x[np.concatenate(used)] - mean) / scale
    right = np.concatenate([data.y[ix] == 1 for ix in used])
    starts = np.cumsum([0] + [len(ix) for ix in used[:-1]])
    part_of = np.repeat(np.arange(len(used)), [len(ix) for ix in used])
    penalty = 1.0 / (c * len(used))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        s = s - np.maximum.reduceat(s, starts)[part_of]
        e = np.exp(s)
        everyone, rights = np.add.reduceat(e, starts), np.add.reduceat(e * right, starts)
        value = float(np.mean(np.log(everyone) - np.log(rights)))
        push = e / everyone[part_of] - e * right / rights[part_of]
        grad = z.T @ push / len(used)
        return value + penalty * float(w @ w), grad + 2 * penalty * w

    bounds = [sign_bound(RANK_SIGNS.get(name, 0)) for name in FEATURES]
    found = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds)
    return Linear(mean.astype(np.float32), scale.astype(np.float32), found.x)


def sign_bound(sign: int) -> tuple[float | None, float | None]:
    """The bounds that hold a weight to its sign (1: not below 0, -1: not above, 0: free), for
    the ranker's RANK_SIGNS and the judge's JUDGE_SIGNS alike."""
    return {1: (0.0, None), -1: (None, 0.0)}.get(sign, (None, None))


def judge_table(data: Data, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per part: the judge's inputs, and whether the papers answer it. (Whether the best
    candidate is the right one is the ranker's business: a judge taught that would refuse
    whenever the ranking is hard, not when the papers are silent; measured, it refuses worse.)"""
    inputs = [judge_inputs(scores[ix], data.x[ix]) for ix in data.parts]
    labels = [int(data.answerable[ix[0]]) for ix in data.parts]
    return np.array(inputs, dtype=np.float64), np.array(labels)


def fit_judge(inputs: np.ndarray, labels: np.ndarray, c: float) -> Linear:
    """Logistic regression whose every weight has the sign reason gives it (JUDGE_SIGNS: more
    similarity, wording, names or the asked-for entity can only make an answer likelier; a word
    no paper uses, or the asked entity missing, only less), its size fitted (L2 penalty 1/C).
    Unconstrained, the judge learnt the question sets' quirks, such as which kinds of question
    their authors made unanswerable, and refused plain questions on small corpora."""
    from scipy.optimize import minimize

    mean, scale = inputs.mean(axis=0), inputs.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    z = (inputs - mean) / scale
    signs = np.array([JUDGE_SIGNS.get(name, 0) for name in JUDGE_INPUTS], dtype=np.float64)
    used = signs != 0
    penalty = 1.0 / (c * len(labels))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        logits = z[:, used] @ w[:-1] + w[-1]
        chance = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        error = chance - labels
        likely = labels * np.log(chance + 1e-12) + (1 - labels) * np.log(1 - chance + 1e-12)
        value = -np.mean(likely)
        grad_w = z[:, used].T @ error / len(labels) + 2 * penalty * w[:-1]
        return value + penalty * float(w[:-1] @ w[:-1]), np.append(grad_w, error.mean())

    bounds = [sign_bound(int(sign)) for sign in signs[used]] + [(None, None)]
    found = minimize(
        loss, np.zeros(int(used.sum()) + 1), jac=True, method="L-BFGS-B", bounds=bounds
    )
    coef = np.zeros(len(JUDGE_INPUTS))
    coef[used] = found.x[:-1]
    return Linear(
        mean.astype(np.float32),
        scale.astype(np.float32),
        coef.astype(np.float32),
        float(found.x[-1]),
    )


def out_of_fold_scores(data: Data, c: float) -> np.ndarray:
    scores = np.zeros(len(data.y))
    for number in range(FOLDS):
        train = [ix for ix, f in zip(data.parts, data.fold, strict=True) if f != number]
        ranker = fit_ranker(data, train, c)
        for ix, f in zip(data.parts, data.fold, strict=True):
            if f == number:
                scores[ix] = ranker(data.x[ix])
    return scores


def out_of_fold_judgement(
    data: Data, inputs: np.ndarray, labels: np.ndarray, c: float
) -> np.ndarray:
    chances = np.zeros(len(labels))
    for number in range(FOLDS):
        train, test = data.fold != number, data.fold == number
        judge = fit_judge(inputs[train], labels[train], c)
        chances[test] = 1 / (1 + np.exp(-judge(inputs[test])))
    return chances


def part_figures(
    data: Data, scores: np.ndarray, chances: np.ndarray, threshold: float
) -> dict[str, float]:
    """Part-level figures: an answerable part is right when the judge lets it through and its
    best candidate is a right one; an unanswerable part when the judge holds it back."""
    right = wrong_refusals = refused = answerable = unanswerable = 0
    for ix, chance, made in zip(data.parts, chances, data.made, strict=True):
        if made:
            continue
        best = ix[int(np.argmax(scores[ix]))]
        if data.answerable[ix[0]]:
            answerable += 1
            if chance < threshold:
                wrong_refusals += 1
            elif data.y[best]:
                right += 1
        else:
            unanswerable += 1
            refused += chance < threshold
    return {
        "accuracy": right / max(answerable, 1),
        "refused": refused / max(unanswerable, 1),
        "wrongly_refused": wrong_refusals / max(answerable, 1),
        "ranked_first": _first(data, scores),
        "parts": float(answerable + unanswerable),
        "answerable": float(answerable),
    }


def _first(data: Data, scores: np.ndarray) -> float:
    answerable = [
        ix
        for ix, made in zip(data.parts, data.made, strict=True)
        if data.answerable[ix[0]] and not made
    ]
    return sum(data.y[ix[int(np.argmax(scores[ix]))]] for ix in answerable) / max(
        len(answerable), 1
    )


MAX_WRONGLY_REFUSED = 0.05  # of answerable parts: the target, held as a limit
CONFIDENCE_Z = 1.645  # the limit holds for the rate's one-sided 95% upper bound


def objective(figures: dict[str, float]) -> float:
    """Accuracy plus refusals, among settings that surely refuse at most 5% of answerable parts
    (a refusal of what the papers do answer costs a councillor the answer); past the limit, each
    further point of wrong refusals costs ten. "Surely": the limit is held by the rate's upper
    bound (Wilson, one-sided 95%) over the cross-validated parts, not by the rate itself, which a
    threshold chosen at the limit would exceed on new papers about as often as not."""
    bound = wilson_upper(figures["wrongly_refused"], figures.get("answerable", 0.0))
    over = max(0.0, bound - MAX_WRONGLY_REFUSED)
    return figures["accuracy"] + figures["refused"] - 10 * over


def wilson_upper(rate: float, count: float, z: float = CONFIDENCE_Z) -> float:
    """The upper end of the Wilson score interval of a rate seen over `count` trials."""
    if count <= 0:
        return rate
    centre = rate + z * z / (2 * count)
    spread = z * np.sqrt(rate * (1 - rate) / count + z * z / (4 * count * count))
    return float((centre + spread) / (1 + z * z / count))


def best_threshold(
    data: Data, scores: np.ndarray, chances: np.ndarray
) -> tuple[float, dict[str, float]]:
    best: tuple[float, float, dict[str, float]] | None = None
    for threshold in np.linspace(0.02, 0.9, 89):
        figures = part_figures(data, scores, chances, float(threshold))
        if best is None or objective(figures) > best[0]:
            best = (objective(figures), float(threshold), figures)
    assert best is not None
    return best[1], best[2]


def fit(rows: list[Row]) -> tuple[Scorer, dict[str, Any]]:
    data = Data.of(rows)
    report: dict[str, Any] = {}
    best: tuple[float, float, float, float] | None = None
    for c_rank in RANK_C:
        scores = out_of_fold_scores(data, c_rank)
        inputs, labels = judge_table(data, scores)
        for c_judge in JUDGE_C:
            chances = out_of_fold_judgement(data, inputs, labels, c_judge)
            threshold, figures = best_threshold(data, scores, chances)
            report[f"ranker C={c_rank}, judge C={c_judge}"] = {
                "threshold": round(threshold, 3),
                **_rounded(figures),
            }
            if best is None or objective(figures) > best[0]:
                best = (objective(figures), c_rank, c_judge, threshold)
    assert best is not None
    _, c_rank, c_judge, threshold = best
    scores = out_of_fold_scores(data, c_rank)
    inputs, labels = judge_table(data, scores)
    ranker = fit_ranker(data, data.parts, c_rank)
    judge = fit_judge(inputs, labels, c_judge)
    chosen = report[f"ranker C={c_rank}, judge C={c_judge}"]
    fitted = {
        "on": str(date.today()),
        "sets": sorted({r.set for r in rows}),
        "table": str(TABLE.relative_to(EVAL.parent)),
        "questions": len({(r.set, r.question) for r in rows}),
        "parts": len(data.parts),
        "candidates": len(rows),
        "right_candidates": int(data.y.sum()),
        "ranker": f"listwise (softmax) logistic ranking, C={c_rank}, standardised features, "
        "signs of RANK_SIGNS held",
        "judge": f"logistic regression on out-of-fold rank scores (is the part answered by the "
        f"papers?), C={c_judge}",
        "cross_validation": f"{FOLDS} folds, questions grouped by paper",
        "cv_figures": chosen,
    }
    return Scorer(FEATURES, ranker, judge, threshold, MARGIN, fitted), report


def _rounded(figures: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in figures.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefbot.evaluation.fit", description=__doc__)
    parser.add_argument("--table", action="store_true", help="refit from the saved table only")
    parser.add_argument("--dry-run", action="store_true", help="report, but write no scorer")
    parser.add_argument("--texts", type=Path, help="also write the candidates' texts here")
    args = parser.parse_args(argv)
    if args.table:
        rows = load_table()
    else:
        rows = build_table(Settings())
        shape = Data.of(rows)
        changes, tuned_on = cross_fit(rows, shape.parts, shape.fold, FOLDS)
        print(f"question tuning fitted on {tuned_on['parts']} parts; tuned features cross-fitted")
        if not args.dry_run:
            write_tuning(TUNING, tuned_on, changes)
            print(f"wrote {TUNING}")
        save_table(rows)
        if args.texts:
            save_texts(rows, args.texts)
    scorer, report = fit(rows)
    for name, figures in report.items():
        print(f"{name:24} {json.dumps(figures)}")
    print(
        f"chosen: {scorer.fitted['ranker']}; {scorer.fitted['judge']}; "
        f"threshold {scorer.threshold:.3f}"
    )
    if not args.dry_run:
        SCORER.write_text(json.dumps(scorer.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {SCORER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
