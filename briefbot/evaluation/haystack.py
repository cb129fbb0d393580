"""Synthetic papers on other councils' business: a deterministic haystack for the real corpus.

Nothing here names the real corpus's council, people or figures; the distractor topics (adult
social care, schools, public health, children's services) are always about named other councils.
"""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from briefbot.evaluation.haystack_words import (
    CONTEXT,
    COUNCILS,
    DOC_WEIGHTS,
    FIRST_NAMES,
    FORBIDDEN_DATES,
    FORBIDDEN_NUMBERS,
    FORMAT_WEIGHTS,
    GENERIC,
    NEWS_OUTLETS,
    RATINGS,
    STORMS,
    STREETS,
    SURNAMES,
    TOPICS,
    VENUES,
    Topic,
)
from briefbot.language.dates import MONTH_NAMES as MONTHS
from briefbot.language.dates import WEEKDAYS

Block = str | tuple[str, ...]  # a paragraph, or a bullet list


Section = tuple[str | None, list[Block]]


Draft = tuple[str, list[Section]]  # a synthetic paper before rendering: title and sections


def _section(heading: str | None, *blocks: Block) -> Section:
    return heading, list(blocks)


def _long_date(day: date) -> str:
    """'Thursday 14 March 2023', whatever the locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _money(rng: random.Random, high: float) -> str:
    """An amount in millions ('£3.25m', '£12.4 million') that the real corpus never uses."""
    while (number := f"{rng.uniform(0.2, high):.{rng.choice((1, 2))}f}") in FORBIDDEN_NUMBERS:
        pass
    return f"£{number}m" if rng.random() < 0.7 else f"£{number} million"


def _numbers(rng: random.Random, day: date) -> dict[str, str]:
    """Fresh figures for one sentence, dated around the paper's own date."""
    later = day + timedelta(days=rng.randrange(14, 240))
    months, ago = day.month + rng.randrange(0, 8), day.month - rng.randrange(2, 10)
    start = day.year if day.month >= 4 else day.year - 1
    thousands = rng.randrange(15, 950)
    return {
        "amount": _money(rng, 48.0),
        "amount2": _money(rng, 9.0),
        "small": f"£{thousands}k" if rng.random() < 0.5 else f"£{thousands * 1000:,}",
        "n": str(rng.randrange(2, 19)),
        "big": f"{rng.randrange(40, 9000):,}",
        "pct": str(rng.randrange(12, 96)),
        "low": str(rng.randrange(1, 5)),
        "fee": str(rng.randrange(38, 72)),
        "mins": str(rng.choice((15, 20, 30, 60))),
        "bandd": f"{rng.randrange(1350, 1750):,}.{rng.randrange(10, 99)}",
        "date": _long_date(later),
        "month": f"{MONTHS[months % 12]} {day.year + months // 12}",
        "before": f"{MONTHS[ago % 12]} {day.year + ago // 12}",  # a month already past
        "fy": f"{start}/{(start + 1) % 100:02d}",
        "year2": str(day.year + rng.randrange(2, 7)),
        "storm": rng.choice(STORMS),
        "rating": rng.choice(RATINGS),
    }


class Setting(NamedTuple):
    """Everything fixed for one paper: its topic, date, committee, places and people."""

    rng: random.Random
    topic: Topic
    day: date
    committee: str
    base: dict[str, str]

    def fill(self, template: str) -> str:
        """Fill a phrase with this paper's places and people and fresh figures."""
        return template.format(**self.base, **_numbers(self.rng, self.day))


def _setting(rng: random.Random, topic: Topic) -> Setting:
    """Choose the council, towns, people and a date (2019–2025, none of the corpus's own)."""
    council, area, towns = rng.choice([c for c in COUNCILS if c[1] not in topic.exclude])
    town, town2 = rng.sample(towns, 2)
    firsts, lasts = rng.sample(FIRST_NAMES, 4), rng.sample(SURNAMES, 4)
    names = [f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)]
    base = {
        "council": council,
        "area": area,
        "town": town,
        "town2": town2,
        "street": rng.choice(STREETS),
        "member": names[0],
        "officer": names[1],
        "others": f"{names[2]} and {names[3]}",
        "subject": topic.subject,
        "mrole": topic.roles[0],
        "orole": topic.roles[1],
    }
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(2557))
    while day in FORBIDDEN_DATES:
        day += timedelta(days=1)
    return Setting(rng, topic, day, rng.choice(topic.committees), base)


def _facts(s: Setting, low: int, high: int) -> list[str]:
    """A handful of the topic's facts and three stock sentences, filled in, in random order."""
    chosen = s.rng.sample(s.topic.facts, min(len(s.topic.facts), s.rng.randint(low, high)))
    chosen += s.rng.sample(CONTEXT, 3)
    s.rng.shuffle(chosen)
    return [s.fill(fact) for fact in chosen]


def _quote(s: Setting) -> str:
    """A quotation from the cabinet member or the lead officer."""
    who = "Councillor {member}, {mrole}" if s.rng.random() < 0.6 else "{officer}, {orole}"
    return s.fill(who) + f", said: “{s.fill(s.topic.quote)}”"


def _minutes(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["minutes"], 3)
    where = f"{s.rng.choice(VENUES)}, {s.base['town']}, on {_long_date(s.day)} at 2.00 pm."
    intro = s.fill("The {mrole}, Councillor {member}, introduced the report on {subject}.")
    resolved = (
        s.fill("a) the recommendations in the report on {subject} be approved;"),
        s.fill("b) authority be delegated to the {orole} to implement the decision; and"),
        s.fill("c) progress be reported to the committee in {month}."),
    )
    return f"{s.committee} minutes: {headline}", [
        _section(
            None,
            s.base["council"],
            f"Minutes of the meeting of {s.committee} at {where}",
            s.fill("Present: Councillors {member}, {others}."),
        ),
        _section(
            f"Agenda item {s.rng.randrange(4, 14)}: {headline}",
            " ".join([intro, *facts[:2]]),
            s.fill("The {orole}, {officer}, answered questions. ") + facts[2],
        ),
        _section(
            "Discussion",
            "Members discussed the report and it was noted that:",
            tuple(facts[3:]),
            " ".join(extra),
        ),
        _section("Decision", "It was resolved that:", resolved),
    ]


def _report(s: Setting, headline: str) -> Draft:
    facts = _facts(s, 5, 6)
    recs = (
        s.fill("a) approves the proposals on {subject} set out in this report;"),
        "b) notes the financial implications; and",
        s.fill("c) asks the {orole} to report progress in {month}."),
    )
    return headline, [
        _section(
            None,
            s.base["council"],
            f"Report to {s.committee}",
            f"Meeting date: {_long_date(s.day)}",
            s.fill("Report by: {officer}, {orole}"),
            s.fill("Cabinet member: Cllr {member}"),
        ),
        _section("Purpose", s.fill("To update members on {subject} in {area}.")),
        _section("Recommendations", f"That {s.committee}:", recs),
        _section("Background", " ".join(facts[:3]), " ".join(facts[3:])),
        _section("Implications", " ".join(s.rng.sample(GENERIC["report"], 3))),
    ]


def _press_release(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["press_release"], 3)
    lead = s.fill("{council} has announced changes to {subject}. ") + facts[0]
    return headline, [
        _section(None, lead, " ".join(facts[1:3]), _quote(s), " ".join(facts[3:]), extra[0]),
        _section("Notes to editors", *extra[1:]),
    ]


def _news(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["news"], 3)
    lead = s.fill("{council} has set out its latest plans for {subject}.")
    body = ["- Published", lead, *facts[:2], _quote(s), *facts[2:], *extra]
    return headline, [
        _section(None, *body),
        _section("Related topics", (s.topic.subject, s.base["area"])),
    ]


def _briefing(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["briefing"], 3)
    return f"Member briefing: {headline}", [
        _section(
            None,
            s.fill("Briefing note for members of {council}"),
            f"Date: {_long_date(s.day)}",
            s.fill("Prepared by: {officer}, {orole}"),
        ),
        _section("Key points", tuple(facts[:3])),
        _section("Background", " ".join(facts[3:])),
        _section("Next steps", " ".join(extra)),
    ]


BUILDERS = {
    "minutes": _minutes,
    "report": _report,
    "press_release": _press_release,
    "news": _news,
    "briefing": _briefing,
}


def _render_text(title: str, sections: list[Section], markdown: bool, publisher: str) -> str:
    """Plain text, or Markdown with '#' headings and the publisher under the title."""
    lines = [f"# {title}", "", f"*{publisher}*", ""] if markdown else [title, ""]
    for heading, blocks in sections:
        if heading:
            lines += [f"## {heading}" if markdown else heading, ""]
        for block in blocks:
            lines += [block] if isinstance(block, str) else [f"- {item}" for item in block]
            lines.append("")
    return "\n".join(lines)


def _render_html(title: str, sections: list[Section], publisher: str, year: int) -> str:
    """A simple valid page with a title, a nav and a footer around the paper."""
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>"]
    for heading, blocks in sections:
        body += [f"<h2>{esc(heading)}</h2>"] if heading else []
        body += [
            f"<p>{esc(b)}</p>"
            if isinstance(b, str)
            else "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in b) + "</ul>"
            for b in blocks
        ]
    nav = (
        '<nav><a href="/">Home</a> | <a href="/council">Council and democracy</a> | '
        '<a href="/news">News</a> | <a href="/contact">Contact us</a></nav>'
    )
    footer = (
        f"<footer><p>&copy; {year} {esc(publisher)}. All rights reserved.</p>"
        '<p><a href="/privacy">Privacy notice</a> | <a href="/cookies">Cookies</a> | '
        '<a href="/accessibility">Accessibility statement</a></p></footer>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)} | {esc(publisher)}</title>\n</head>\n<body>\n{nav}\n"
        "<main>\n" + "\n".join(body) + f"\n</main>\n{footer}\n</body>\n</html>\n"
    )


def _sidecar(title: str, s: Setting, doc_type: str, publisher: str) -> str:
    """The paper's metadata as TOML (JSON strings are valid TOML basic strings)."""
    when = s.day.isoformat()
    if doc_type in ("news", "press_release") and s.rng.random() < 0.25:
        when = when[:7]  # month precision, as for papers whose day is not known
    fields = {"title": title, "date": when, "doc_type": doc_type, "publisher": publisher}
    if doc_type in ("minutes", "report"):
        fields["committee"] = s.committee
    if doc_type == "minutes":
        fields["meeting_date"] = s.day.isoformat()
    return "".join(f"{key} = {json.dumps(value)}\n" for key, value in fields.items())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _file_stem(number: int, topic: Topic, doc_type: str, committee: str) -> str:
    """'hs-0001-planning-committee-minutes', 'hs-0002-highways-cabinet-report', ..."""
    parts = [topic.slug]
    if doc_type in ("minutes", "report"):
        body = _slug(committee)
        parts = [body] if body.startswith(topic.slug) else [topic.slug, body]
    return f"hs-{number:04d}-{'-'.join(parts)}-{_slug(doc_type)}"


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _write_paper(dest: Path, number: int, seed: int) -> Path:
    """Compose, render and write paper `number` and its sidecar; return the paper's path."""
    rng = random.Random(f"haystack:{seed}:{number}")
    topic = TOPICS[(number + seed) % len(TOPICS)]
    doc_type, fmt = _pick(rng, DOC_WEIGHTS), _pick(rng, FORMAT_WEIGHTS)
    s = _setting(rng, topic)
    title, sections = BUILDERS[doc_type](s, s.fill(rng.choice(topic.headlines)))
    publisher = s.base["council"]
    if doc_type == "news":
        publisher = rng.choice(NEWS_OUTLETS).format(**s.base)
    if fmt == "html":
        text = _render_html(title, sections, publisher, s.day.year)
    else:
        text = _render_text(title, sections, fmt == "md", publisher)
    path = dest / f"{_file_stem(number, topic, doc_type, s.committee)}.{fmt}"
    path.write_text(text, encoding="utf-8")
    Path(f"{path}.meta.toml").write_text(_sidecar(title, s, doc_type, publisher), "utf-8")
    return path


def write_haystack(dest: Path, count: int = 300, seed: int = 2022) -> list[Path]:
    """Write `count` synthetic papers with sidecars into `dest`; same seed, same bytes."""
    dest.mkdir(parents=True, exist_ok=True)
    return [_write_paper(dest, number, seed) for number in range(1, count + 1)]


def _complete(folder: Path, count: int) -> bool:
    """Whether a cached haystack folder holds all `count` papers and their sidecars."""
    if not folder.is_dir():
        return False
    names = [p.name for p in folder.glob("hs-*")]
    sidecars = sum(name.endswith(".meta.toml") for name in names)
    return sidecars == count and len(names) == 2 * count


def haystack_dir(cache_root: Path, count: int, seed: int) -> Path:
    """The cached haystack for (count, seed), generated only if it is not complete already."""
    target = cache_root / f"haystack-{count}-{seed}"
    if _complete(target, count):
        return target
    cache_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=cache_root))
    try:
        write_haystack(staging, count, seed)  # built aside, then moved in whole
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except OSError:
        if not _complete(target, count):  # another process may have won the race
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
