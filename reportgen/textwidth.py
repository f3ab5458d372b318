"""Text widths in Liberation Sans (Arial's metrics), for column widths decided before any layout.

The outline sizes a table's columns from what they hold (briefing.py), so no figure is cut or
run over the next cell, but the layout belongs to WeasyPrint and Word, long after. These are the
fonts' own advance widths, in thousandths of an em, measured from the TrueType files; any
character not listed (★, ●, arrows, accented letters) counts as a full em, which can only make
a column wider than it needs.
"""

from __future__ import annotations

import re

_REGULAR = {
    191: "'",
    222: "ijl’‘",
    260: "|",
    278: " !,./:;I[\\]ft",
    333: "()-`r“”",
    334: "{}",
    355: '"',
    389: "*",
    469: "^",
    500: "Jcksvxyz–",
    556: "#$0123456789?L_abdeghnopqu£",
    584: "+<=>~",
    611: "FTZ",
    667: "&ABEKPSVXY",
    722: "CDHNRUw",
    778: "GOQ",
    833: "Mm",
    889: "%",
    944: "W",
    1015: "@",
}
_BOLD = {
    238: "'",
    278: " ,./I\\ijl’‘",
    280: "|",
    333: "!()-:;[]`ft",
    389: "*r{}",
    474: '"',
    500: "z“”",
    556: "#$0123456789J_aceksvxy£–",
    584: "+<=>^~",
    611: "?FLTZbdghnopqu",
    667: "EPSVXY",
    722: "&ABCDHKNRU",
    778: "GOQw",
    833: "M",
    889: "%m",
    944: "W",
    975: "@",
}
REGULAR = {ch: w / 1000 for w, chars in _REGULAR.items() for ch in chars}
BOLD = {ch: w / 1000 for w, chars in _BOLD.items() for ch in chars}
UNKNOWN = 1.0
# where a line may break: at spaces, and after an en dash (0.0%–18.0%); a hyphen or a slash is
# not counted as a break, so a word is never thought narrower than it may be set
_BREAKS = re.compile(r"\s+|(?<=–)")


def width(text: str, bold: bool = False) -> float:
    """Return the width of ``text`` set on one line, in ems of its type size."""
    table = BOLD if bold else REGULAR
    return sum(table.get(ch, UNKNOWN) for ch in text)


def widest_word(text: str, bold: bool = False) -> float:
    """Return the width of the widest stretch of ``text`` no line can break, in ems."""
    return max((width(word, bold) for word in _BREAKS.split(text) if word), default=0.0)
