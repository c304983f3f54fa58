"""Whitespace and character hygiene: the last inline rules to run."""
from __future__ import annotations

import re
import unicodedata

from ..engine import Edit
from ..registry import rule

SPACE_RUN = re.compile(r"[ \u00a0\t]{2,}|[\u00a0\t]")
SPACE_CHARS = " \u00a0\t"
RUN = re.compile(r"[ \u00a0\t]+")
INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f\u0085\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
# control characters that break a line (old Mac `\r`, form feed, Unicode line separators)
LINE_BREAKING = frozenset("\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029")
NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@rule("WS001", "space-run", "whitespace", example=("one  two\u00a0three\n", "one two three\n"))
def space_run(ctx):
    """Make a run of spaces (or a tab, or a no-break space) between words one space.

    Extractors pad justified lines; the canonical text has single spaces.
    Example: `one  two` -> `one two`.  Safety: safe (whitespace only).
    """
    text = ctx.doc.text
    for s, e in _space_runs(text):
        # only between words: line-edge spaces belong to the layout passes
        if s > 0 and e < len(text) and not text[s - 1].isspace() and not text[e].isspace():
            yield Edit(s, e, " ", "WS001")


def _space_runs(text: str):
    """The (start, end) of every SPACE_RUN match, found with `str.find` instead of a regex scan.

    A match is a whole run of spaces/tabs/no-break spaces that holds two spaces, a tab or a
    no-break space; such a run contains `"  "`, `"\\t"` or `"\\u00a0"`, so only those are searched for.
    """
    needles = ("  ", "\t", "\u00a0")
    nxt = [text.find(n) for n in needles]
    pos = 0
    while True:
        for i, n in enumerate(needles):
            if 0 <= nxt[i] < pos:
                nxt[i] = text.find(n, pos)
        live = [p for p in nxt if p >= 0]
        if not live:
            return
        p = min(live)
        s = p
        while s > pos and text[s - 1] in SPACE_CHARS:
            s -= 1
        e = RUN.match(text, p).end()
        yield s, e
        pos = e


@rule("WS002", "invisible-char", "whitespace", example=("co\u00adoperation\u200b\n", "cooperation\n"))
def invisible(ctx):
    """Remove soft hyphens, zero-width characters, BOMs and control characters.

    They are invisible in print and break search and word matching.  A
    control character that breaks a line (an old Mac `\\r` line end, a
    form feed, U+2028) between two words becomes a space, so the words stay
    apart.
    Example: `co\\u00adoperation` -> `cooperation`.  Safety: safe.
    """
    text = ctx.doc.text
    for m in INVISIBLE.finditer(text):
        a, b = m.start(), m.end()
        between_words = (m.group() in LINE_BREAKING and 0 < a and b < len(text)
                         and not text[a - 1].isspace() and not text[b].isspace())
        yield Edit(a, b, " " if between_words else "", "WS002")


BLOCK_GAPS = re.compile(r"\A\s+|[ \t]+$|(?<=\n)\n{2,}|\n\s*\Z", re.M)


@rule("WS004", "block-spacing", "whitespace",
      example=("![](figure_1.png)\n\nThe first lighthouse on the coast was lit in 1791.\n",
               "The first lighthouse on the coast was lit in 1791.\n"))
def block_spacing(ctx):
    """Keep the blocks one blank line apart after a rule emptied a whole block.

    A rule may remove everything a block held (an image link, a marker);
    the canonical text has no empty blocks, no blank lines before the first
    block or after the last, and no spaces at a line's end.
    Example: `![](figure_1.png)` as the first block (MD005 empties it) -> no blank lines before
    the next block.  Safety: safe (whitespace only).
    """
    text = ctx.doc.text
    if not text or ("\n\n\n" not in text and not text[0].isspace() and " \n" not in text
                    and "\t\n" not in text and not text.endswith(("\n\n", " ", "\t"))):
        return
    for m in BLOCK_GAPS.finditer(text):
        a, b = m.span()
        if m.group().startswith("\n") and b == len(text):
            yield Edit(a, b, "\n", "WS004")        # one line end after the last block
        elif a == 0:
            yield Edit(a, b, "", "WS004")
        elif m.group()[:1] in " \t":
            yield Edit(a, b, "", "WS004")
        else:
            yield Edit(a, b, "\n", "WS004")        # (after a line end) one blank line between blocks


@rule("WS003", "unicode-nfc", "whitespace", example=("Communique\u0301\n", "Communiqu\u00e9\n"))
def nfc(ctx):
    """Compose characters to Unicode NFC (`e` + combining accent -> `é`).

    The canonical text is NFC so that equal words compare equal.
    Only non-ASCII stretches are checked, which keeps this fast.  Safety: safe.
    """
    text = ctx.doc.text
    if unicodedata.is_normalized("NFC", text):
        return  # every stretch below starts at an ASCII character, a normalization boundary
    for m in NON_ASCII.finditer(text):
        # include the base letter before a combining mark
        start = m.start() - 1 if m.start() > 0 else 0
        seg = text[start:m.end()]
        fixed = unicodedata.normalize("NFC", seg)
        if fixed != seg:
            yield Edit(start, m.end(), fixed, "WS003")
