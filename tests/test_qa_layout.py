"""Layout judgements that must be logged for review (safety), checked on invented snippets."""
from __future__ import annotations

from cleaner import clean_book

OPENER = ("Similar equipment is being developed for other woodworking enterprises \"now\"® .\n"
          "In 2022 the active work on registration of new residents in the zone\n"
          "continues \"at once\"™ .\n\n1 First note.\n\n2 Second note.\n\n\n\nthe next page goes on.\n")


def test_ocr_opener_break_is_flagged_unsafe():
    result = clean_book(OPENER)
    breaks = [c for c in result.changes if c.rule == "LY011" and "guessed" in c.reason]
    assert len(breaks) == 1 and breaks[0].safety == "unsafe"
