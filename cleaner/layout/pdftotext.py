"""Layout of pdftotext-style extractions (placeholder: replaced by the full analyzer)."""
from __future__ import annotations

import re

from . import analyzer
from .plan import BLANK, BODY, PAGE_NUMBER, LayoutPlan

PAGE_NO = re.compile(r"^\s*\d{1,4}\s*$")


@analyzer("pdftotext")
def analyze_pdftotext(text: str, ctx) -> LayoutPlan:
    lines = text.split("\n")
    kinds, drop, starts = [], {}, set()
    prev_end = True
    for i, line in enumerate(lines):
        if not line.strip():
            kinds.append(BLANK)
            continue
        if PAGE_NO.match(line):
            kinds.append(PAGE_NUMBER)
            drop[i] = ("LY001", "page number")
            continue
        kinds.append(BODY)
        if prev_end:
            starts.add(i)
        prev_end = line.endswith("  ") or len(line.strip()) < 50
    return LayoutPlan("pdftotext", kinds, drop=drop, starts=starts)
