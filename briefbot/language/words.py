"""English word lists the question parser and the answerer's features read: one home for each.

These are the closed classes of English (auxiliaries, pronouns, question words) and a few short
lists of the words councillors use around a question (lead-ins, preambles, time). Council
vocabulary lives in glossary.toml, not here.
"""

from __future__ import annotations

import re

from briefbot.language.dates import MONTH_NAMES, WEEKDAYS
from briefbot.language.tokens import stems, tokenize, words

PREPOSITIONS = frozenset(
    "to of on for in about per into from with at by behind across within between towards "
    "under over through against among beyond without during".split()
)
QUESTION_WORDS = frozenset("what when who whom whose which why how where".split())
AUXILIARIES = frozenset(
    "did does do is was were are has have had will would can could should shall may might must "
    "am isn't wasn't weren't aren't hasn't haven't didn't doesn't won't".split()
)
# Words that open a request rather than a question: "Can you tell me who chairs ...".
LEAD_INS = re.compile(
    r"^\s*(?:(?:please|ok|okay|so|right|quick question|briefly)[,:]?\s+)*"
    r"(?:(?:can|could|would) you (?:please )?(?:tell|remind|show|give) me|please (?:tell|remind|"
    r"show|give) me|tell me|remind me|i(?:'d| would) like to know|i want to know|i need to know|"
    r"i(?:'m| am) (?:trying to find out|wondering|keen to know)|do you know|does anyone know|"
    r"any idea|give me|show me)\b[,:]?\s*",
    re.IGNORECASE,
)
LIST_OPENERS = re.compile(r"^\s*(?:list|name|summari[sz]e|outline|set out|give)\b", re.IGNORECASE)
# A line that introduces what follows it: "It was resolved that:", and the clerk's ":-"
# ("the following payments may be made :-", "Projects 2018-19:-").
_INTRODUCES = re.compile(r":\s?[-–—]?\s*$")


def introduces(text: str) -> bool:
    """Whether a sentence or line ends by introducing what follows it."""
    return _INTRODUCES.search(text) is not None


# Verbs whose object is usually several things: "what did the review recommend?"
LIST_VERBS = frozenset(stems(words("recommend identify list include highlight raise outline")))
# A sentence opening with one of these needs the sentence before it to be understood.
ANAPHORS = frozenset(
    "he she it they this these those that his her its their him them such both".split()
)
PERSONAL = frozenset("he she".split())  # ... of them, those that stand for a person
# Words a sentence cannot end on: a line ending with one was wrapped ("will be reported to
# Cabinet in" / "March"; "the sad passing of Mr" / "Matthew Balfour").
HONORIFICS = frozenset("mr mrs ms miss dr cllr councillor sir dame".split())
UNFINISHED = (
    frozenset(
        "a an the of in on at to for from by with and or nor but as than into onto upon via per "
        "whose".split()
    )
    | HONORIFICS
)
PRONOUNS = frozenset("he she it they this that these those him her them his its their".split())
# What a preamble says about who is asking, not what is asked about.
CHATTY = frozenset(
    tokenize(
        "constituent constituents resident residents parent parents family families voter "
        "voters neighbour neighbours someone somebody people person journalist reporter member "
        "public emailed email e-mail wrote writing rang phoned called messaged asked asking "
        "wondering worried concerned keen confused curious upset angry complaint complained "
        "want wants wanted need needs like know knows tonight tomorrow today meeting surgery "
        "doorstep question questions quick briefly please hi hello thanks thank ward got get "
        "ive im id told telling heard hearing think thinks thought sure"
    )
)
FUTURE = re.compile(
    r"\b(?:next|upcoming|forthcoming|future|will|shall|going to|due to|scheduled|planned|"
    r"plans? to|expected to|to be (?:held|decided|considered|published|discussed)|coming)\b",
    re.IGNORECASE,
)
NOW = re.compile(
    r"\b(?:now|latest|current(?:ly)?|most recent(?:ly)?|newest|today|still|at present|"
    r"presently|so far|to date|as it stands|these days)\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:did|was|were|had|ago|last|previous(?:ly)?|earlier|originally|first|initially)\b",
    re.IGNORECASE,
)
# Time a sentence reckons from its paper's date ("this year", "last winter", "so far"): two such
# sentences in papers of different years speak of two different times.
PAPER_RELATIVE = re.compile(
    r"\b(?:(?:this|last|next|the past|the coming) (?:year|month|week|quarter)|"
    r"(?:this|last|next|the past|the coming|the|during) (?:winter|spring|summer|autumn)|"
    r"so far|to date|at present|currently)\b",
    re.IGNORECASE,
)
# A sentence that speaks of what is still to come.
FUTURE_IN_SENTENCE = re.compile(
    r"\b(?:will|shall|is due|are due|due to|is to be|are to be|is expected|are expected|"
    r"is scheduled|are scheduled|plans? to|next|upcoming|forthcoming|would be (?:held|"
    r"considered|discussed|decided))\b",
    re.IGNORECASE,
)
# Words that name no one in particular: they never tie a question to a paper.
# The last word of a place's name: "Main Street", "Tintern Village Hall" name no one.
PLACE_NOUNS = frozenset(
    tokenize(
        "Street Road Lane Avenue Drive Close Way Place Square Green Park Hall House Centre Center "
        "Church Chapel School Academy College Library Court Bridge Wharf Field Farm Wood Common"
    )
)
GENERIC_NAMES = frozenset(
    set(
        tokenize(
            "Council Councils County Borough District City Town Parish Cabinet Chief Executive "
            "Director Corporate Children Young People Services Service Committee Scrutiny "
            "Secretary Education Commissioner Member Members Chair Chairman Leader Officer "
            "Department Government Social Care Plan Report Reserve Reserves Fund Funding "
            "Investment Transformation Improvement Board Group Mr Mrs Ms Dr Cllr Councillor TV "
            "Panel Authority Policy Strategy Budget Programme Minutes Agenda Item Meeting The A An"
        )
    )
    | set(tokenize(" ".join(MONTH_NAMES + WEEKDAYS)))
)
# Words of a question that say what shape the answer takes ("on what date"), not its subject.
ANSWER_WORDS = frozenset(
    tokenize(
        "date day time month year sum amount figure number total reason purpose name much many "
        "long far often exactly kind sort happen happened list main key"
    )
)
# After one of these, a question's word is usually the thing asked about ("the salary").
NOUN_CUES = frozenset(
    "the a an its their his her our your this that these those of on for in about per any each "
    "every".split()
)
# Words after such a cue that qualify rather than name the subject ("the first tranche").
QUALIFIERS = frozenset(
    words(
        "first second third fourth last next previous remaining new old total main whole "
        "overall original additional further extra full final proposed planned draft approved "
        "agreed recommended revised updated interim current latest recent key other"
    )
)
# Verbs that carry little of a question's meaning ("what did the LGA *do*").
LIGHT_VERBS = frozenset(
    stems(
        "do doing did done make let set get have go take give put keep say said think feel "
        "believe view mean achieve result lead happen says tell told".split()
    )
)
# Roles a "who" question may name: the person in the answer should hold one of them.
ROLE_WORDS = frozenset(
    stems(
        words(
            "chair chairs chaired chairman chairwoman chairperson leader leads led heads director "
            "directs commissioner secretary minister mayor councillor executive member officer "
            "clerk manager head seconded seconder proposed proposer moved mover"
        )
    )
)

# The noun a "what ..." question asks about says what kind of answer it wants: "what fine was
# imposed" wants an amount, "what median waiting time" a duration. Matched by stem.
HEAD_KINDS: dict[str, frozenset[str]] = {
    kind: frozenset(stems(words(nouns)))
    for kind, nouns in {
        "how_much": "cost costs price charge charges fee fees fine fines rent rents budget spend "
        "spending saving savings gap deficit surplus overspend underspend variance increase rise "
        "premium precept grant grants allocation contribution funding sum amount total value "
        "figure income revenue payment salary investment requirement levy cut reduction award "
        "loan borrowing debt balance proportion percentage share uplift subsidy tariff tax rate "
        "estimate forecast projection",
        "how_many": "number count headcount",
        "when": "date deadline day",
        "how_long": "period duration length term",
        "rating": "grade grading judgement judgment verdict",
        "who": "person officer councillor member chair chairman leader mayor clerk director "
        "contractor supplier firm company candidate candidates",
    }.items()
}


# How minutes record a motion: who moved and seconded it, how the votes fell, what came of it.
# Read by ingest.minutes; each pattern names its people in a group called "who".
_PERSON = (
    r"(?P<who>(?:the |Cllrs?\.? |Councillors? |Mr |Mrs |Ms |Miss |Dr )?"
    r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3})"
)
MOVED = (
    re.compile(r"\b(?i:proposed|moved)(?: as \w+)? (?i:by) " + _PERSON),
    # "Mr Hood moved", and "Councillor Forsyth, seconded by Councillor Ewart, moved"
    re.compile(_PERSON + r",? (?:seconded by [^,;]{3,60}, )?(?:proposed|moved)\b(?!.{0,3}by)"),
)
SECONDED = (
    re.compile(r"\b(?i:seconded) (?i:by) " + _PERSON),
    re.compile(_PERSON + r",? seconded\b(?! by)"),
)
# "For (14)", "Against: 2", "AYES: Commissioners Davis and Perez", "Abstentions – 1"
VOTE_SIDES = {
    "for": ("for", "ayes", "in favour"),
    "against": ("against", "noes", "nays"),
    "abstained": ("abstain", "abstained", "abstention", "abstentions"),
    "absent": ("absent",),
}
# What a vote is on, named between its side and its count: "For the amendment (5)", "In
# favour of the motion: 9".
_MOTION = r"(?:motions?|amendments?|proposals?|recommendations?|resolutions?)"
_ON = r"(?:(?:of\s+)?(?:the\s+)?(?:substantive\s+)?" + _MOTION + r"\s*)?"
_SIDE = "(?P<side>" + "|".join(w for ws in VOTE_SIDES.values() for w in ws) + ")"
VOTE = re.compile(
    r"^"
    + _SIDE
    + r"\b\s*"
    + _ON
    + r"(?:\((?P<count>\d+)\)|[:–-]\s*(?P<count2>\d+)\b|[:–-])\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A tally set inline, "For: 7, Against: 2, Abstentions: 1" or "for (7)"
TALLY = re.compile(
    r"\b" + _SIDE + r"\s*" + _ON + r"(?:\((?P<count>\d+)\)|:\s*(?P<count2>\d+)\b)",
    re.IGNORECASE,
)
# A count before its side, in running prose: "with 20 votes for, 38 against and 3
# abstentions", "11 members voted for the Motion", "1 member abstained", "6 votes for". With no
# "votes" or "members" before the side, a bare "20 for" counts only beside another side.
COUNTED = re.compile(
    r"\b(?P<count>\d+)\s+(?P<unit>votes?\s+|(?:members?|councillors?)\s+(?:(?:have\s+)?voted\s+"
    r"|(?=abstain)))?" + _SIDE + r"\b",
    re.IGNORECASE,
)
# A tally given as its result, or by its margin: "Motion Passed (9 to 6)", "approved ... by 41
# votes to 27".
_PASSED = r"(?:carried|passed|agreed|approved|adopted|lost|defeated|rejected|failed)"
BY_VOTES = re.compile(
    r"\b" + _PASSED + r"\b\s*\((?P<count>\d+)\s*(?:votes?\s+)?(?:to|-|–)\s*(?P<against>\d+)\)"
    r"|\bby\s+(?P<count2>\d+)\s+votes?\s+to\s+(?P<against2>\d+)\b",
    re.IGNORECASE,
)
# The sides after "voted", each with its count: "There voted for 38, against 21, and 2 abstained".
VOTED = re.compile(r"\bvoted\s+(?:for|in favour)\s+\d+", re.IGNORECASE)
VOTED_SIDES = re.compile(
    r"\b(?P<side>for|in favour|against)\s+(?P<count>\d+)\b"
    r"|\b(?P<abstained>\d+)\s+(?:abstained|abstentions?)\b",
    re.IGNORECASE,
)
OUTCOME = re.compile(
    r"\b" + _MOTION + r"\b[^.]{0,40}?\b"
    r"(?:(?P<carried>carried|agreed|approved|adopted|passed)"
    r"|(?P<lost>lost|defeated|fell|rejected|failed))\b",
    re.IGNORECASE,
)
# Capitalised words that open a sentence but name no one: "The motion was moved by …".
NOT_A_MOVER = frozenset("the it this that he she they we motion amendment item council".split())
# A question asking what a minutes record holds: how a vote went, or who moved or seconded.
ASKS_VOTE = re.compile(
    r"\b(?:vot(?:e|ed|es|ing)|for and against|unanimous(?:ly)?|majority|abstain\w*"
    r"|abstention\w*|how many (?:for|against|in favour)|roll[- ]call)\b",
    re.IGNORECASE,
)
MOTION_ROLES = frozenset("moved mover proposed proposer seconded seconder".split())
# Honours set after a name in a list of members ("Sir Paul Carter, CBE, Mrs Chandler"): part of
# the name before them, never a member of their own.
HONOURS = frozenset("CBE OBE MBE BEM KBE DBE GBE KCB CB DL JP QC KC MP MEP FRS".split())
RESOLVED = re.compile(r"\b(?:RESOLVED\b|it was (?:resolved|agreed)\b)", re.IGNORECASE)
