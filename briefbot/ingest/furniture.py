"""Web furniture: the lines of a saved web page that belong to the site, not to the paper."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefbot.language.dates import MONTH

# Leading bullets, dashes and the editor's "×" are ignored when matching a line.
_LEAD = re.compile(r"^[\s\-–—•·*▪◦‣>|»›×✕✖]+")
_TRAIL = re.compile(r"[\s.:!|»›…]+$")
_SOCIAL = (
    r"(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|bluesky|whatsapp|flickr)"
)
# A date or time as news and forum bylines print it: "30 September 2022, 06:12 GMT", "2 hours ago".
_WHEN = (
    r"(?:on\s+)?(?:(?:\d+ \w+ ago|yesterday|today|just now)"
    r"|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s*)?"
    rf"(?:{MONTH},?\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*)?(?:\d{{4}}(?:-\d\d-\d\d)?)?"
    r"|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s*(?:bst|gmt|utc))?)?"
)

# Whole-line patterns, matched case-insensitively against a line with bullets and trailing
# punctuation trimmed. Each names furniture that CMS, forum, news and council sites print.
_WHOLE_LINE = [
    # skip links, menus, breadcrumbs
    r"(?:skip|jump) (?:to|navigation)(?: (?:the )?(?:main )?(?:content|navigation|menu|search))?",
    r"(?:back|return|go) to (?:the )?top(?: of (?:the )?page)?|top of (?:the )?page",
    r"(?:main |close |open |toggle |site )?(?:menu|navigation)|search(?: this site| the site)?",
    r"home|breadcrumbs?|you are here(?:\s*:.*)?|home\s*[>›»/|].*",
    # sharing, printing, following
    r"share(?: this| on| via)?(?: (?:page|article|story|post|link))?(?: on| via)?"
    rf"(?: (?:other sites|email|{_SOCIAL})(?:[, ]+(?:and )?(?:email|{_SOCIAL}))*)?",
    r"(?:tweet|email|e-mail|print|save)(?: this)?(?: (?:page|article|story|post))?",
    r"print(?:er)?[- ]friendly(?: version)?|print this page",
    rf"(?:follow|like|find) us(?: on .*)?|follow\b.{{0,80}}\b(?:on|via) {_SOCIAL}\b.*",
    r"send (?:us )?your (?:story ideas|stories|news|pictures|photos)\b.*",
    r"sign up (?:to|for) (?:our |the )?(?:newsletter|e-?mail alerts|updates|e-?news)\b.*",
    r"(?:subscribe|unsubscribe)(?: to (?:our |the )?(?:newsletter|updates|alerts))?",
    # accounts
    r"(?:sign|log) ?(?:in|on|out|up)(?:\s*(?:/|or|and|\|)\s*(?:register|sign ?up|join))?",
    r"register|create (?:an |new )?account|my account|forgot(?:ten)? (?:your )?password\??",
    r"you can post now and register later\b.*|if you have an account, sign in\b.*",
    r"already have an account\?.*|don'?t have an account\?.*",
    # forums and comment threads
    r"recommended posts|link to (?:comment|post)|share on other sites|join the conversation",
    r"reply to this (?:topic|thread|post)\b.*|go to topic listing|create new\W*",
    r"(?:reply|quote|multi-?quote|report(?: post| this post| comment| abuse)?|like|upvote)"
    r"(?:\s*[/|·]\s*(?:reply|quote|multi-?quote|report|like))*",
    r"(?:posted|edited) (?:by|on|at|in) .{1,80}",
    r"\d+ (?:repl(?:y|ies)|comments?|likes?|followers?|reactions?)",
    r"(?:add|leave|post|write) (?:a |your )?(?:comment|reply)|comments? \(\d+\)",
    r"note: your post will require moderator approval\b.*",
    # rich-text editor notices
    r"pasted as rich text\b.*|restore formatting|display as a link instead|clear editor",
    r"only \d+ emoji are allowed\b.*|you cannot paste images directly\b.*",
    r"upload or insert images from url\b.*|your (?:link|previous content) has been\b.*",
    # news furniture
    rf"(?:first |last )?(?:published|updated|posted)\W*{_WHEN}",
    r"\d+ (?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?) ago",
    r"related (?:topics|articles|stories|links|content|news|pages|posts|items|information)",
    r"more (?:on this story|stories|news|like this|from (?:bbc|the bbc|this (?:site|section)))",
    r"top stories|most (?:read|popular|watched|viewed)|you (?:may|might) also (?:like|enjoy)\b.*",
    r"read (?:more|next|the full story)(?: about this)?|see also|(?:image|video) source,? .{0,60}",
    r"around the bbc|elsewhere on the bbc|bbc news (?:app|homepage)|advertisement|sponsored",
    # council site furniture
    r"(?:download|view|open) (?:the )?(?:pdf|document|file|attachment|word version)\b.{0,40}",
    r"download(?: pdf)?|page \d+(?: of \d+)?|\d+ of \d+|(?:next|previous|prev|first|last) page",
    r"(?:next|previous|prev|older|newer)(?: (?:post|article|topic|entries))?|[«‹] ?\w+|\w+ ?[»›]",
    r"(?:©|\(c\)|copyright\b).{0,120}|all rights reserved\b.{0,80}",
    r"(?:privacy|cookie|cookies|accessibility) (?:policy|statement|notice|settings|preferences)",
    r"terms (?:and|&) conditions|terms of (?:use|service)|contact us|about us|site ?map",
    r"(?:was|is) this page (?:useful|helpful)\b.*|is there anything wrong with this page\b.*",
    r"report a problem with this page|(?:this )?page (?:was )?last (?:updated|reviewed)\b.*",
    r"last (?:updated|modified|reviewed)\b[: ].{0,60}|rate this page",
    # cookie and consent banners
    r"we use (?:some )?(?:essential |necessary |small files called )?cookies\b.*",
    r"(?:this|our) (?:web)?site uses cookies\b.*|cookies on (?:the )?[\w .'’-]{1,60}",
    r"by (?:continuing to (?:use|browse)|using) (?:this|our) (?:web)?site\b.*",
    r"(?:accept|reject|allow|decline|deny|manage|customi[sz]e|set|change)(?: all| additional"
    r"| optional| analytics| essential| non-essential| necessary)? cookies(?: only)?",
    r"(?:accept|reject|allow|decline)(?: all)?|i (?:accept|agree)|ok(?:ay)?,? (?:i agree|got it)",
    r"got it|hide (?:this )?message|dismiss|close|cookie (?:banner|notice|consent|settings)",
]
_FURNITURE = re.compile(r"(?:" + "|".join(_WHOLE_LINE) + r")", re.IGNORECASE)

# Lines after which the rest of a web capture, if it is only short lines, is site furniture.
_END_MARKERS = re.compile(
    r"(?:related (?:topics|articles|stories|links|content|news|posts|pages)|join the conversation"
    r"|link to (?:comment|post)|more on this story|share on other sites|recommended posts"
    r"|(?:leave|add|post) (?:a |your )?(?:comment|reply)|you (?:may|might) also like\b.*"
    r"|top stories|most read|comments?(?: \(\d+\))?)",
    re.IGNORECASE,
)
# "Page 3 of 12", "3", "- 3 -", and a word processor's letter-spaced "P a g e | 3"
_PAGE_NUMBER = re.compile(
    r"(?:p\s?a\s?g\s?e\s*[|:.–-]?\s*)?\d{1,4}(?:\s+of\s+\d{1,4})?|-\s*\d{1,4}\s*-", re.I
)
_TAIL_WORDS = 12
_MAX_FURNITURE_CHARS = 300


def _core(line: str) -> str:
    """The line without leading bullets or trailing punctuation, for matching."""
    return _TRAIL.sub("", _LEAD.sub("", line))


def is_furniture(line: str) -> bool:
    """True for a line that is site furniture (menus, share links, cookie notices, editor noise)."""
    stripped = line.strip()
    if not any(ch.isalnum() for ch in stripped):
        return True
    if stripped.startswith(("×", "✕")):
        return True
    if len(stripped) > _MAX_FURNITURE_CHARS:
        return False
    return _FURNITURE.fullmatch(_core(stripped)) is not None


def is_page_number(line: str) -> bool:
    """True for a printed page number such as "Page 3 of 12", "3", "- 3 -" or "P a g e | 3"."""
    return _PAGE_NUMBER.fullmatch(line.strip()) is not None


def _is_end_marker(line: str) -> bool:
    core = _core(line.strip())
    return len(core) <= 80 and _END_MARKERS.fullmatch(core) is not None


def _short(line: str) -> bool:
    """A tail line: furniture, or a few words that are not a finished sentence (a link title)."""
    stripped = line.strip()
    return is_furniture(stripped) or (
        len(stripped.split()) <= _TAIL_WORDS and not stripped.endswith(".")
    )


def furniture_tail(lines: Sequence[str]) -> int:
    """Index where the furniture tail begins (an end marker followed only by short lines)."""
    cut = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        if not _short(lines[index]):
            break
        if _is_end_marker(lines[index]):
            cut = index
    return cut


def keep_lines(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it is content: not furniture and not in the furniture tail."""
    tail = furniture_tail(lines)
    return [index < tail and not is_furniture(line) for index, line in enumerate(lines)]
