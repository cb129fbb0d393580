"""Why an answer was chosen, as plain lines: for each part, the sentences weighed (best first),
their rank scores, and the features that pushed each up or down the most, in words
(features.LABELS) with the sentence's value of each. Used by `briefbot ask --explain` and the
chat's "Why this answer" screen."""

from __future__ import annotations

import textwrap

from briefbot.answering.features import LABELS
from briefbot.models import Answer
from briefbot.safety import one_line

PUSHES = 5  # features shown per sentence
INDENT = " " * 13


def explanation_lines(answer: Answer, width: int = 110) -> list[str]:
    lines = ["Why this answer:"]
    if answer.considered:
        lines += textwrap.wrap(
            "(each sentence weighed: its score, then what moved it most, and its value)",
            width + len(INDENT),
            initial_indent="  ",
            subsequent_indent="   ",
        )
    if not answer.considered:
        return lines + ["  (nothing was weighed: no passage matched the question)"]
    for number, part in enumerate(answer.parts or [answer.question], 1):
        confidence = answer.confidences[number - 1] if number <= len(answer.confidences) else 0.0
        verdict = "not answered" if part in answer.unanswered else "answered"
        said = f'  part {number}: "{part}" — {verdict}, confidence {confidence:.2f}'
        lines += textwrap.wrap(said, width + len(INDENT), subsequent_indent="    ")
        for row in (c for c in answer.considered if c.part == number):
            mark = "✓" if row.chosen else " "
            text = one_line(row.text, width)
            lines.append(f"   {mark} {row.score:6.2f}  {text}")
            lines.append(INDENT + one_line(f"{row.title}, {row.locator}", width))
            pushes = sorted(row.contributions.items(), key=lambda kv: -abs(kv[1]))[:PUSHES]
            said = "; ".join(
                f"{LABELS.get(name, name)} ({row.features.get(name, 0.0):.2f}) {push:+.2f}"
                for name, push in pushes
            )
            lines += textwrap.wrap(
                said, width + len(INDENT), initial_indent=INDENT, subsequent_indent=INDENT
            )
    return lines
