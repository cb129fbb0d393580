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

from briefbot.labels import MONTH_NAMES as MONTHS

COUNCILS = (
    ("Shropshire Council", "Shropshire", ("Shrewsbury", "Ludlow", "Oswestry", "Bridgnorth")),
    ("Worcestershire County Council", "Worcestershire", ("Worcester", "Kidderminster", "Evesham")),
    ("Powys County Council", "Powys", ("Brecon", "Newtown", "Llandrindod Wells", "Welshpool")),
    ("Gloucestershire County Council", "Gloucestershire", ("Gloucester", "Cheltenham", "Stroud")),
    ("Monmouthshire County Council", "Monmouthshire", ("Abergavenny", "Chepstow", "Monmouth")),
    ("Telford & Wrekin Council", "Telford and Wrekin", ("Telford", "Wellington", "Madeley")),
    ("Staffordshire County Council", "Staffordshire", ("Stafford", "Leek", "Lichfield")),
    ("Wiltshire Council", "Wiltshire", ("Salisbury", "Trowbridge", "Chippenham", "Devizes")),
)
FIRST_NAMES = ("Alison", "Bernard", "Catrin", "Dev", "Fiona", "Gareth", "Harriet", "Imran",
               "Joanna", "Keith", "Lowri", "Marcus", "Nadia", "Owen", "Priya", "Rhys", "Sian",
               "Tom", "Ursula", "Vikram", "Wendy", "Yusuf", "Beth", "Colin")
SURNAMES = ("Ashworth", "Bevan", "Castell", "Dunmore", "Ellison", "Fairbairn", "Griffiths",
            "Hollis", "Iqbal", "Jarvis", "Lloyd", "Marchant", "Norbury", "Okafor", "Pritchard",
            "Quayle", "Rowlands", "Sutcliffe", "Thorne", "Vaughan", "Whitlock", "Yardley")
STREETS = ("Station Road", "Mill Lane", "Church Street", "Castle Walk", "Bridge Street",
           "Old Forge Lane", "Meadow Way", "Kingsland Road")
VENUES = ("the Guildhall", "Shire Hall", "County Hall", "the Civic Centre", "the Council Chamber")
STORMS = ("Dennis", "Christoph", "Babet", "Henk", "Bert", "Arwen")
RATINGS = ("good", "requires improvement to be good", "outstanding")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DOC_WEIGHTS = {"minutes": 30, "report": 25, "press_release": 20, "news": 15, "briefing": 10}
FORMAT_WEIGHTS = {"txt": 70, "md": 17, "html": 13}
NEWS_OUTLETS = ("{area} Journal", "{area} Advertiser", "BBC News", "{town} Chronicle")
# Figures and dates of the real corpus that no synthetic paper may repeat.
FORBIDDEN_NUMBERS = frozenset({"5", "5.0", "5.00", "6.49", "11.49", "16.7", "16.70", "1.7",
                               "1.70", "5.22"})
FORBIDDEN_DATES = frozenset({date(2022, 3, 31), date(2022, 11, 24), date(2022, 12, 13),
                             date(2022, 12, 14)})
GENERIC: dict[str, tuple[str, ...]] = {
    "minutes": (
        "The chair thanked officers for a clear and thorough report.",
        "A member asked about the timetable and officers agreed to circulate a written answer.",
        "Members welcomed the report but asked for more detail on how residents were consulted.",
        "The committee noted the report and the comments made during the debate.",
        "Ward members spoke in support of the proposals and thanked local residents."),
    "report": (
        "This report was prepared with the monitoring officer and the chief finance officer.",
        "Background papers are available from the democratic services team.",
        "The proposals support the council plan priority of a thriving local economy.",
        "Legal advice has been taken on the procurement route.",
        "The main risk is cost inflation, which will be managed through a contingency budget."),
    "press_release": (
        "More information is available on the council's website.",
        "Residents can sign up to the council's e-newsletter for regular updates.",
        "The council will keep local members and town councils informed as the work progresses.",
        "Media enquiries should be sent to the council's communications team."),
    "news": (
        "The council said it would publish further details in the coming weeks.",
        "Opposition councillors said residents deserved clearer information.",
        "A spokesperson said the authority was committed to listening to local people.",
        "The plans will be discussed at a public meeting later in the year."),
    "briefing": (
        "This note is for information and does not ask members to make a decision.",
        "Members are asked to share this update with their parish and town councils.",
        "Questions about this briefing can be sent to the service by email.",
        "A further update will follow once the contract has been signed."),
}

# Sentences any topic's papers may carry, filled in with the paper's own subject and places.
CONTEXT = (
    "A public consultation on {subject} ran for {n} weeks and received {big} responses.",
    "Councillor {member} thanked staff across the service for their hard work.",
    "Ward councillors for {town} have been briefed and will share updates with residents.",
    "An equality impact assessment has been completed and is published with the papers.",
    "The council's climate commitments have been taken into account in the proposals.",
    "Town and parish councils in {area} were invited to comment on the plans.",
    "Officers will monitor the outcomes and publish performance figures on the website.",
    "Partners including the NHS, the police and the voluntary sector helped shape the work.",
)


class Topic(NamedTuple):
    """One strand of council business: who deals with it, and what papers about it say."""

    slug: str
    subject: str
    committees: tuple[str, ...]
    roles: tuple[str, str]  # (cabinet member, lead officer)
    headlines: tuple[str, ...]
    quote: str
    facts: tuple[str, ...]
    exclude: tuple[str, ...] = ()  # areas this topic must never be about


TOPICS = (
    Topic("planning", "planning applications", ("Planning Committee", "Area Planning Committee"),
          ("Cabinet member for planning", "Head of Planning"),
          ("Outline application for {n} homes off {street}, {town}", "Planning performance {fy}"),
          "We want good homes in the right places, with the roads and green spaces they need.",
          ("The application seeks outline permission for {big} homes, {pct}% of them affordable.",
           "The case officer reported {big} letters of objection and {n} letters of support.",
           "Objectors raised traffic on {street}, loss of hedgerows and pressure on the surgery.",
           "The developer has offered a section 106 contribution of {small} towards school places.",
           "The committee noted that {pct}% of major applications were decided within 13 weeks.",
           "Members deferred a decision on a second application pending a site visit on {date}.")),
    Topic("highways", "highways and potholes", ("Cabinet", "Place Scrutiny Committee"),
          ("Cabinet member for highways", "Director of Economy"),
          ("{area} pothole repair programme {fy}", "Road resurfacing schemes approved for {town}"),
          "Our roads are our biggest asset and we know how much potholes matter to residents.",
          ("Cabinet approved {amount} for the {fy} highways maintenance programme.",
           "Crews repaired {big} potholes in the year to {before}.",
           "The council received {amount2} from the Department for Transport's pothole fund.",
           "A further {small} will be spent on drainage works on the A{n}{n} near {town}.",
           "The committee noted that {pct}% of defects were repaired within the 28-day target.",
           "The {town} relief road will be closed overnight from {date} for resurfacing.")),
    Topic("libraries", "the library service", ("Cabinet", "Communities Scrutiny Committee"),
          ("Cabinet member for culture and communities", "Head of Libraries and Culture"),
          ("Future of the {area} library service", "{town} library to move into the community hub"),
          "Libraries are warm, welcoming places at the heart of our towns.",
          ("The consultation on library opening hours received {big} responses.",
           "{town} library will move into the refurbished community hub on {street} in {month}.",
           "Cabinet approved a library service budget of {amount} for {fy}.",
           "Visits to libraries rose by {pct}% last year and e-book loans passed {big}.",
           "Volunteers now help to run {n} of the county's community libraries.",
           "The summer reading challenge attracted {big} children aged four to eleven.")),
    Topic("waste", "waste and recycling", ("Cabinet", "Environment Scrutiny Committee"),
          ("Cabinet member for environment", "Head of Waste Services"),
          ("New kerbside recycling service for {area}", "Garden waste charges for {fy}"),
          "Residents have embraced recycling and this new service makes it easier still.",
          ("From {date} households will have a weekly food waste collection.",
           "The recycling rate for {fy} was {pct}%, the highest the council has recorded.",
           "Cabinet approved {amount} to buy {n} new refuse collection vehicles.",
           "The annual garden waste subscription will rise to £{fee} from {month}.",
           "Fly-tipping incidents fell to {big} last year and {n} fixed penalties were issued.",
           "The new contract with the waste operator is worth {amount2} over eight years.")),
    Topic("budget", "budgets and council tax", ("Cabinet", "Full Council", "Audit Committee"),
          ("Cabinet member for finance", "Director of Resources"),
          ("{area} budget and council tax {fy}", "Medium term financial strategy update"),
          "This budget protects the most vulnerable while keeping council tax as low as we can.",
          ("Full Council agreed a net revenue budget of {amount} for {fy}.",
           "Council tax will rise by {low}.99% in {fy}, including the adult social care precept.",
           "A Band D property will pay £{bandd} a year for county council services.",
           "The forecast overspend at {month} is {amount2}, mainly in social care and transport.",
           "General reserves stand at {amount2}, above the minimum recommended level.",
           "The capital programme for {fy} totals {amount}.")),
    Topic("leisure", "leisure centres", ("Cabinet", "Communities Scrutiny Committee"),
          ("Cabinet member for leisure and tourism", "Head of Leisure"),
          ("{town} leisure centre refurbishment", "New swimming pool for {town}"),
          "A modern, efficient leisure centre is something {town} has waited a long time for.",
          ("Cabinet approved {amount} to refurbish {town} leisure centre, with a learner pool.",
           "The centre will close from {date} and is expected to reopen in {month}.",
           "Memberships have risen to {big} and the pools recorded {big} swims last year.",
           "Solar panels and heat pumps will cut the centre's energy bills by {small} a year.",
           "The leisure operating contract carries a management fee of {small} a year.",
           "Free swimming for under-16s will continue during the school holidays.")),
    Topic("flooding", "flood defences", ("Cabinet", "Environment Scrutiny Committee"),
          ("Cabinet member for environment and climate", "Flood Risk Manager"),
          ("{town} flood alleviation scheme", "Storm {storm} recovery report"),
          "Nobody should have to go through the misery of flooding again.",
          ("The {town} flood scheme will cost {amount}, including {amount2} of national funding.",
           "During Storm {storm} in {before} around {big} homes and businesses were flooded.",
           "Work on the new flood wall started on {date} and will take {n} months.",
           "Property flood resilience grants of up to {small} are available to households.",
           "The council has cleared {big} gullies and inspected {n} culverts since the winter.",
           "The Environment Agency said the defences would protect {big} properties.")),
    Topic("buses", "bus services", ("Cabinet", "Economy Scrutiny Committee"),
          ("Cabinet member for transport", "Passenger Transport Manager"),
          ("Bus service improvement plan for {area}", "Changes to {town} to {town2} buses"),
          "Reliable buses connect people to jobs, schools and services.",
          ("The council will use {amount} of bus service improvement funding for rural routes.",
           "From {date} buses between {town} and {town2} will run every {mins} minutes.",
           "Single fares will be capped at £2 until {month}.",
           "Passenger numbers have recovered to {pct}% of pre-pandemic levels.",
           "The demand responsive service carried {big} passengers in its first year.",
           "Cabinet approved a subsidy of {small} a year to keep the evening service running.")),
    Topic("housing", "housing", ("Cabinet", "Housing Scrutiny Committee"),
          ("Cabinet member for housing", "Director of Housing"),
          ("{n} new council homes for {town}", "Homelessness and rough sleeping update"),
          "Everyone deserves a safe, warm and affordable home.",
          ("Cabinet approved {amount} to build {big} new council homes at {street}, {town}.",
           "There are {big} households on the housing register.",
           "The council aims to deliver {big} affordable homes by {year2}.",
           "Empty homes grants of up to {small} will help bring properties back into use.",
           "Rough sleeping fell to {n} people at the last official count in {before}.",
           "A further {amount2} has been secured from Homes England.")),
    Topic("parks", "parks and open spaces", ("Cabinet", "Communities Scrutiny Committee"),
          ("Cabinet member for environment and parks", "Parks and Countryside Manager"),
          ("{town} park improvements", "Play area investment programme"),
          "Our parks were a lifeline for so many people and we want them to thrive.",
          ("{n} parks in {area} have been awarded Green Flag status this year.",
           "Cabinet approved {small} for new play equipment at {n} sites.",
           "The new skate park in {town} opened on {date}.",
           "Volunteers planted {big} trees across the county's parks during the winter.",
           "The café at {town} park will be let on a new {n}-year lease.",
           "Mowing will be reduced on {pct}% of verges to help wildflowers and pollinators.")),
    Topic("adult-social-care", "adult social care", ("Cabinet", "Adults Scrutiny Committee"),
          ("Cabinet member for adult social care", "Director of Adult Social Services"),
          ("{area} adult social care budget {fy}", "Care home fee uplift {fy}"),
          "We want people in {area} to live independently at home for as long as possible.",
          ("{council} will spend {amount} on adult social care in {fy}.",
           "Care home fees in {area} will rise by {low}.5% from April.",
           "The number of people waiting for a care assessment has fallen to {big}.",
           "A new home care contract worth {amount2} will start on {date}.",
           "The committee noted pressures from rising demand and a shortage of care workers.",
           "{small} from the discharge fund will help people leave hospital sooner.")),
    Topic("schools", "schools and school places", ("Cabinet", "Schools Forum"),
          ("Cabinet member for education", "Director of Education"),
          ("New primary school for {town}", "School places planning {fy}"),
          "Every child in {area} deserves a place at a good local school.",
          ("Cabinet approved {amount} to build a new primary school on {street}, {town}.",
           "Demand for secondary places in {town} will rise by {big} pupils by {year2}.",
           "The home to school transport budget in {area} will overspend by {amount2}.",
           "The Schools Forum agreed to move {small} into the high needs block.",
           "{pct}% of pupils were offered their first-preference primary school.",
           "Capital funding of {amount2} will add {n} classrooms to {town} High School.")),
    Topic("public-health", "public health", ("Cabinet", "Health and Wellbeing Board"),
          ("Cabinet member for public health", "Director of Public Health"),
          ("{area} public health annual report", "Stop smoking service recommissioned"),
          "Prevention is always better than cure.",
          ("The public health grant for {area} in {fy} is {amount}.",
           "The annual report of the Director of Public Health focuses on healthy ageing.",
           "Smoking prevalence in {area} has fallen to 1{low}% of adults.",
           "A new sexual health contract worth {amount2} will run from {date}.",
           "{big} residents took up a free NHS Health Check last year.",
           "The board agreed to target {n} neighbourhoods with the highest rates of obesity.")),
    Topic("childrens-services", "children's services", ("Cabinet", "People Scrutiny Committee"),
          ("Cabinet member for children's services", "Director of Children's Services"),
          ("{area} children's services update", "Fostering recruitment campaign in {area}"),
          "Children in {area} deserve the very best start in life.",
          ("Ofsted rated {area}'s services for children as {rating} in {before}.",
           "Cabinet approved {amount} to recruit more foster carers in {area}.",
           "{council} has opened {n} family hubs, including one in {town}.",
           "{pct}% of social workers in {area} are now permanent staff.",
           "Fostering allowances in {area} will rise by {low}% from April.",
           "Cabinet agreed {small} for short breaks for disabled children in {area}."),
          exclude=("Worcestershire",)),
)

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
        "amount": _money(rng, 48.0), "amount2": _money(rng, 9.0),
        "small": f"£{thousands}k" if rng.random() < 0.5 else f"£{thousands * 1000:,}",
        "n": str(rng.randrange(2, 19)), "big": f"{rng.randrange(40, 9000):,}",
        "pct": str(rng.randrange(12, 96)), "low": str(rng.randrange(1, 5)),
        "fee": str(rng.randrange(38, 72)), "mins": str(rng.choice((15, 20, 30, 60))),
        "bandd": f"{rng.randrange(1350, 1750):,}.{rng.randrange(10, 99)}",
        "date": _long_date(later), "month": f"{MONTHS[months % 12]} {day.year + months // 12}",
        "before": f"{MONTHS[ago % 12]} {day.year + ago // 12}",  # a month already past
        "fy": f"{start}/{(start + 1) % 100:02d}", "year2": str(day.year + rng.randrange(2, 7)),
        "storm": rng.choice(STORMS), "rating": rng.choice(RATINGS),
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
    base = {"council": council, "area": area, "town": town, "town2": town2,
            "street": rng.choice(STREETS), "member": names[0], "officer": names[1],
            "others": f"{names[2]} and {names[3]}", "subject": topic.subject,
            "mrole": topic.roles[0], "orole": topic.roles[1]}
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
    resolved = (s.fill("a) the recommendations in the report on {subject} be approved;"),
                s.fill("b) authority be delegated to the {orole} to implement the decision; and"),
                s.fill("c) progress be reported to the committee in {month}."))
    return f"{s.committee} minutes: {headline}", [
        _section(None, s.base["council"], f"Minutes of the meeting of {s.committee} at {where}",
                 s.fill("Present: Councillors {member}, {others}.")),
        _section(f"Agenda item {s.rng.randrange(4, 14)}: {headline}", " ".join([intro, *facts[:2]]),
                 s.fill("The {orole}, {officer}, answered questions. ") + facts[2]),
        _section("Discussion", "Members discussed the report and it was noted that:",
                 tuple(facts[3:]), " ".join(extra)),
        _section("Decision", "It was resolved that:", resolved)]


def _report(s: Setting, headline: str) -> Draft:
    facts = _facts(s, 5, 6)
    recs = (s.fill("a) approves the proposals on {subject} set out in this report;"),
            "b) notes the financial implications; and",
            s.fill("c) asks the {orole} to report progress in {month}."))
    return headline, [
        _section(None, s.base["council"], f"Report to {s.committee}",
                 f"Meeting date: {_long_date(s.day)}",
                 s.fill("Report by: {officer}, {orole}"), s.fill("Cabinet member: Cllr {member}")),
        _section("Purpose", s.fill("To update members on {subject} in {area}.")),
        _section("Recommendations", f"That {s.committee}:", recs),
        _section("Background", " ".join(facts[:3]), " ".join(facts[3:])),
        _section("Implications", " ".join(s.rng.sample(GENERIC["report"], 3)))]


def _press_release(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["press_release"], 3)
    lead = s.fill("{council} has announced changes to {subject}. ") + facts[0]
    return headline, [
        _section(None, lead, " ".join(facts[1:3]), _quote(s), " ".join(facts[3:]), extra[0]),
        _section("Notes to editors", *extra[1:])]


def _news(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["news"], 3)
    lead = s.fill("{council} has set out its latest plans for {subject}.")
    body = ["- Published", lead, *facts[:2], _quote(s), *facts[2:], *extra]
    return headline, [_section(None, *body),
                      _section("Related topics", (s.topic.subject, s.base["area"]))]


def _briefing(s: Setting, headline: str) -> Draft:
    facts, extra = _facts(s, 5, 6), s.rng.sample(GENERIC["briefing"], 3)
    return f"Member briefing: {headline}", [
        _section(None, s.fill("Briefing note for members of {council}"),
                 f"Date: {_long_date(s.day)}", s.fill("Prepared by: {officer}, {orole}")),
        _section("Key points", tuple(facts[:3])), _section("Background", " ".join(facts[3:])),
        _section("Next steps", " ".join(extra))]


BUILDERS = {"minutes": _minutes, "report": _report, "press_release": _press_release,
            "news": _news, "briefing": _briefing}


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
        body += [f"<p>{esc(b)}</p>" if isinstance(b, str) else
                 "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in b) + "</ul>" for b in blocks]
    nav = ('<nav><a href="/">Home</a> | <a href="/council">Council and democracy</a> | '
           '<a href="/news">News</a> | <a href="/contact">Contact us</a></nav>')
    footer = (f"<footer><p>&copy; {year} {esc(publisher)}. All rights reserved.</p>"
              '<p><a href="/privacy">Privacy notice</a> | <a href="/cookies">Cookies</a> | '
              '<a href="/accessibility">Accessibility statement</a></p></footer>')
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)} | {esc(publisher)}</title>\n</head>\n<body>\n{nav}\n"
            "<main>\n" + "\n".join(body) + f"\n</main>\n{footer}\n</body>\n</html>\n")


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
