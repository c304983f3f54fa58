"""Fast regex scanning helpers and character sets shared by the rules and the analyzers."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

# Where a URL begins (scheme or bare www.), for every rule and analyzer that asks.
URL_START = re.compile(r"(?:https?://|www\.|file:/)", re.I)
# The superscript digits 0-9, in order (a footnote number an extractor kept as printed).
SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
SUPERSCRIPT_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")   # str.translate: `¹²` -> `12`


def matches_at(pattern: re.Pattern, text: str, positions: Iterable[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, tried only at candidate positions (ascending).

    For a pattern whose matches can only start at those positions (found by a
    cheap literal search), this gives the same non-overlapping matches without
    the regex engine trying every position of the book.
    """
    end = 0
    for p in positions:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m:
            yield m
            end = m.end()
