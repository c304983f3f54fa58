"""Fast regex scanning helpers shared by the rules."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

# Where a URL begins (scheme or bare www.), for every rule and analyzer that asks.
URL_START = re.compile(r"(?:https?://|www\.|file:/)", re.I)


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
