"""Benchmark (not a test): answer quality with the int8 embedder beside fp32, in one run.

Each embedder asks eval/dev.jsonl and eval/heldout.jsonl on its own evaluation index (corpus,
haystack, generated and genuine papers; built if missing). Prints every figure side by side with
the difference in points, and the questions whose verdict changed. Target: within 1 point of
fp32 on every figure.

    .venv/bin/python bench/embedder_quality.py [--sets dev heldout] [--against onnx-fp32]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefbot.config import Settings  # noqa: E402
from briefbot.engine import Briefbot  # noqa: E402
from briefbot.evaluation import EvalReport, evaluate, haystack_settings, load_cases  # noqa: E402

FIGURES = ("answer_accuracy", "refusal_recall", "wrongly_refused", "quotes_verbatim")


def run(embedder: str, sets: list[str]) -> dict[str, EvalReport]:
    settings = haystack_settings(Settings(embedder=embedder))  # type: ignore[arg-type]
    with Briefbot(settings) as engine:
        if not engine.has_index() or engine.pending_changes():
            engine.refresh()
        return {
            name: evaluate(engine, load_cases(ROOT / "eval" / f"{name}.jsonl"), name=name)
            for name in sets
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "heldout"])
    parser.add_argument("--against", default="onnx-fp32", help="the reference embedder")
    args = parser.parse_args()
    reference, int8 = run(args.against, args.sets), run("onnx-int8", args.sets)
    worst = 0.0
    for name in args.sets:
        a, b = reference[name], int8[name]
        print(f"{name} ({a.questions} questions): {args.against} -> onnx-int8")
        rows = [(f, getattr(a, f), getattr(b, f)) for f in FIGURES]
        rows.append(("hit@5", a.hit_at.get("5", 0.0), b.hit_at.get("5", 0.0)))
        for figure, x, y in rows:
            worst = max(worst, abs(y - x) * 100)
            print(
                f"  {figure:16s} {100 * x:6.1f}% -> {100 * y:6.1f}%  ({100 * (y - x):+.1f} points)"
            )
        changed = [
            ra.question
            for ra, rb in zip(a.results, b.results, strict=True)
            if ra.correct != rb.correct
        ]
        for question in changed:
            print(f"  verdict changed: {question}")
        p50 = a.latency_ms.get("p50", 0.0), b.latency_ms.get("p50", 0.0)
        print(f"  latency p50      {p50[0]:6.0f} ms -> {p50[1]:6.0f} ms")
    print(f"largest difference on any figure: {worst:.1f} points (target <= 1.0)")


if __name__ == "__main__":
    main()
