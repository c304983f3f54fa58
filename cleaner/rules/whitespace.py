"""Whitespace and character hygiene: the last inline rules to run."""
from __future__ import annotations

import re
import unicodedata

from ..engine import Edit
from ..registry import rule

SPACE_RUN = re.compile(r"[ \u00a0\t]{2,}|[\u00a0\t]")
INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f\u00ad\u200b-\u200f\u2060\ufeff]")
NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@rule("WS001", "space-run", "whitespace", example=("one  two\u00a0three\n", "one two three\n"))
def space_run(ctx):
    """Make a run of spaces (or a tab, or a no-break space) between words one space.

    Extractors pad justified lines; the canonical text has single spaces.
    Example: `one  two` -> `one two`.  Safety: safe (whitespace only).
    """
    text = ctx.doc.text
    for m in SPACE_RUN.finditer(text):
        s, e = m.start(), m.end()
        # only between words: line-edge spaces belong to the layout passes
        if s > 0 and e < len(text) and not text[s - 1].isspace() and not text[e].isspace():
            yield Edit(s, e, " ", "WS001")


@rule("WS002", "invisible-char", "whitespace", example=("co\u00adoperation\u200b\n", "cooperation\n"))
def invisible(ctx):
    """Remove soft hyphens, zero-width characters, BOMs and control characters.

    They are invisible in print and break search and word matching.
    Example: `co\\u00adoperation` -> `cooperation`.  Safety: safe.
    """
    for m in INVISIBLE.finditer(ctx.doc.text):
        yield Edit(m.start(), m.end(), "", "WS002")


@rule("WS003", "unicode-nfc", "whitespace", example=("Communique\u0301\n", "Communiqu\u00e9\n"))
def nfc(ctx):
    """Compose characters to Unicode NFC (`e` + combining accent -> `é`).

    The canonical text is NFC so that equal words compare equal.
    Only non-ASCII stretches are checked, which keeps this fast.  Safety: safe.
    """
    text = ctx.doc.text
    for m in NON_ASCII.finditer(text):
        # include the base letter before a combining mark
        start = m.start() - 1 if m.start() > 0 else 0
        seg = text[start:m.end()]
        fixed = unicodedata.normalize("NFC", seg)
        if fixed != seg:
            yield Edit(start, m.end(), fixed, "WS003")
