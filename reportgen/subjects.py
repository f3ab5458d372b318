"""Subjects: the noun phrase a sentence starts from, derived from an indicator's title.

A title is written for a table ("Average length of open proceedings cases (weeks)", "% Initial
visits in time", "Days lost to stress per FTE - CYP"); a sentence needs a subject ("the average
length of open proceedings cases", "the percentage of initial visits in time"). The unit and the
reporting basis are said by the sentence itself, so a title's own "(weeks)", "(%)" or "(year to
date)" would be said twice. An officer who wants other words sets ``subject:``.
"""

from __future__ import annotations

import re

# Words in brackets that name a unit or a reporting basis: the sentence says these itself.
_UNIT_WORDS = (
    r"%|percent(?:age)?|per ?cent|no\.?|number|count|rate|ratio|£|£k|£m|£000s?|"
    r"days?|weeks?|months?|years?|hours?|minutes?|working days|calendar days|"
    r"ytd|year to date|cumulative|snapshot|rolling(?: year| 12 months?)?|12 month rolling|"
    r"quarterly|monthly|annual|annually|in year|in-year|provisional|forecast|outturn|"
    r"latest quarter|per \d[\d,]*(?: [a-z ]+)?"
)
_BRACKET = re.compile(r"\s*\(([^()]*)\)")
_UNIT_ONLY = re.compile(rf"^\s*(?:{_UNIT_WORDS})(?:\s*(?:,|/|and|&)\s*(?:{_UNIT_WORDS}))*\s*$", re.I)
# "- Childrens", "- CYP", "– YTD": a short qualifier after a dash at the end of the title
_DASH_TAIL = re.compile(r"\s+[-–—]\s+([A-Za-z][\w&'’ ]{0,30})$")
# ", rate per 10,000 children" at the end: the rate is the subject, its base the unit's
_RATE_TAIL = re.compile(r",\s*rate per [\d,]+(?: [\w ]+)?$", re.I)
# "(RIDDOR) Childrens", "(staff leaving as a % of all staff) CYP": one word after a closing
# bracket at the very end is the service's label, not the measure
_LABEL_AFTER_ASIDE = re.compile(r"\)\s+[A-Za-z]+$")
_NUMBER_HEAD = re.compile(r"^(?:the\s+)?(?:total\s+)?(?:no\.|nos\.?|no|number)\s+of\s+", re.I)
_TOTAL_NUMBER_HEAD = re.compile(r"^(?:the\s+)?total\s+number\s+of\s+", re.I)
_PERCENT_HEAD = re.compile(r"^%\s*(?:of\s+)?", re.I)
_LEAD_WORDS = ("percentage of", "proportion of", "rate of", "average", "mean", "median", "total")


def subject_from_title(title: str) -> str:
    """Return the lower-case noun phrase for sentences, from a table title."""
    text = " ".join(title.split()).rstrip(".").strip()
    text = _strip_brackets(_LABEL_AFTER_ASIDE.sub(")", text))
    text = _DASH_TAIL.sub(lambda m: "" if _is_qualifier(m.group(1)) else m.group(0), text)
    rate = _RATE_TAIL.search(text)
    if rate is not None:
        return "the rate of " + _lower_first(text[: rate.start()].strip())
    if _TOTAL_NUMBER_HEAD.match(text) or _NUMBER_HEAD.match(text):
        rest = (
            _TOTAL_NUMBER_HEAD.sub("", text) if _TOTAL_NUMBER_HEAD.match(text) else _NUMBER_HEAD.sub("", text)
        )
        return "the number of " + _lower_first(rest)
    if text.startswith("%"):
        return "the percentage of " + _lower_first(_PERCENT_HEAD.sub("", text))
    lowered = text.lower()
    for lead in ("the ",):
        if lowered.startswith(lead):
            text, lowered = text[len(lead) :], lowered[len(lead) :]
    if lowered.startswith(_LEAD_WORDS):
        return "the " + _lower_first(text)
    return _lower_first(text)


def _strip_brackets(text: str) -> str:
    """Drop bracketed units and bases, and an aside that explains a percentage ("(staff leaving as a % of all staff)")."""

    def drop(m: re.Match[str]) -> str:
        inner = m.group(1)
        if _UNIT_ONLY.match(inner) or "%" in inner:
            return ""
        return m.group(0)

    before = None
    while before != text:  # "(weeks) (year to date)": each bracket in turn
        before, text = text, _BRACKET.sub(drop, text).strip()
    return text


def _is_qualifier(words: str) -> bool:
    """Say whether a dash's tail is a short label (a service, a basis), not part of the measure."""
    return len(words.split()) <= 2 or bool(_UNIT_ONLY.match(words))


# Capitalised words that stay capitalised: names, not the title case of a table heading.
KEEP_CAPITALS = frozenset(
    "Ofsted England English Wales Welsh Scotland Scottish Britain British Ireland Irish Europe European "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _lower_first(text: str) -> str:
    """Lower a table's title case ("Children in Care Reviews" is "children in care reviews").

    A word with a capital after its first letter is an acronym or a name ("CIC", "FTE", "McDonald")
    and keeps its case, as do KEEP_CAPITALS.
    """

    def lower(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in KEEP_CAPITALS or word[1:] != word[1:].lower() or (len(word) == 1 and word != "A"):
            return word
        return word.lower()

    return _WORD.sub(lower, text)
