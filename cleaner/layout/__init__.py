"""Layout detection: one analyzer per input kind, each returning a LayoutPlan."""
from __future__ import annotations

import re
from typing import Callable

from .plan import BLANK, BODY, DROPPED, HEADING, NOTE, PAGE_NO, LayoutPlan, NotePiece
from ..scan import SUPERSCRIPTS
from . import joins  # noqa: F401,E402  (registers the HY001/UR001 joiners before packs are built)

ANALYZERS: dict[str, Callable] = {}


def analyzer(kind: str):
    def register(func):
        ANALYZERS[kind] = func
        return func
    return register


CANON_NOTE = re.compile(r"^\[\^(\d+)\]: ")
MD_SEPARATOR = re.compile(r"^---\s*$", re.M)
SUP = re.compile(r"<sup>", re.I)
MD_MARKUP = re.compile(r"<sup>\s*\d{1,4}[a-z]?\s*</sup>|\]\((?:#|https?://)[^)\s]*\)|<https?://[^>\s]+>|^-{3,}\s*$|^#{2,6}[ \t]+\S|\*\*[^*\s][^*\n]*\*\*", re.M | re.I)


def _raw_line(line: str) -> bool:
    """A line no clean text has: a printed page number (`Page 14`, `- 14 -`; a bare number may be a
    table's cell), or a note printed with a superscript number."""
    first = line[:1]
    return (first != "" and first in SUPERSCRIPTS) or (
        not line.strip().isdigit() and PAGE_NO.match(line) is not None)


def detect_kind(text: str) -> str:
    """The input kind, from the content: canonical, markdown, ocr or pdftotext."""
    if not text.strip():    # no line with text
        return "canonical"
    lines = text.split("\n")
    # Canonical text: one-line blocks separated by exactly one blank line, no trailing spaces.
    canonical_shape = (text.endswith("\n") and "\n\n\n" not in text and all(ln == ln.rstrip() for ln in lines)
                       and all(lines[i] == "" or lines[i + 1] == "" for i in range(len(lines) - 2)))
    # ... unless it still carries converter markup: then it is (a snippet of) converter Markdown
    markup = canonical_shape and MD_MARKUP.search(text) is not None
    raw = canonical_shape and not markup and any(map(_raw_line, lines))   # page numbers: an extraction
    if canonical_shape and not markup and not raw:
        return "canonical"
    heads = text.count("\n#") + text.startswith("#")     # lines starting with `#`
    # (cheap tests first; fewer than three `---` in the text cannot make three separator lines)
    if ((canonical_shape and not raw) or heads >= 3 or len(SUP.findall(text)) >= 3
            or (text.count("---") >= 3 and len(MD_SEPARATOR.findall(text)) >= 3)):
        return "markdown"
    if "ocr" in ANALYZERS and ANALYZERS["ocr"].looks_like(text, lines):
        return "ocr"
    return "pdftotext"


@analyzer("canonical")
def analyze_canonical(text: str, ctx) -> LayoutPlan:
    """Text already in canonical form: every non-blank line is a block."""
    lines = text.split("\n")
    kinds, starts = [], set()
    for i, line in enumerate(lines):
        if not line.strip():
            kinds.append(BLANK)
            continue
        kinds.append(NOTE if CANON_NOTE.match(line) else HEADING if line.startswith("# ") else BODY)
        starts.add(i)
    return LayoutPlan("canonical", kinds, starts=starts)


def analyze(kind: str, text: str, ctx) -> LayoutPlan:
    """The layout plan of `text` by the analyzer of its kind, plus the packs' publisher matter."""
    plan = ANALYZERS.get(kind, ANALYZERS["pdftotext"])(text, ctx)
    merge_publisher_matter(plan, text, ctx)
    gather_written_notes(plan, text)
    return plan


def gather_written_notes(plan: LayoutPlan, text: str) -> None:
    """Footnote definitions already written `[^N]: ...` in the middle of the text go to the end too.

    A converter may print a page's notes in canonical form where the page ends; FN002 moves
    them with the others, in number order.  Definitions that already close the text in
    order (canonical text) are left where they are.
    """
    if "[^" not in text or plan.input_kind not in ("markdown", "canonical"):
        return  # (a page-layout extraction prints no such labels)
    lines = text.split("\n")
    kinds, n = plan.kinds, len(plan.kinds)
    taken = {i for p in plan.notes for i in range(p.first, p.last + 1)}
    heads = [i for i, line in enumerate(lines[:n]) if CANON_NOTE.match(line)
             and i not in taken and i not in plan.drop]
    if not heads:
        return
    numbers = [int(CANON_NOTE.match(lines[i]).group(1)) for i in heads]
    others = [i for i in range(n) if lines[i].strip() and i not in plan.drop and kinds[i] != NOTE
              and i not in heads and i not in taken]
    if not plan.notes and numbers == sorted(numbers) and (not others or heads[0] > others[-1]):
        return  # already at the end, in order
    pieces = []
    for i, num in zip(heads, numbers):
        last = i
        # the definition's own lines: up to the next blank line, note or block start
        while (last + 1 < n and lines[last + 1].strip() and last + 1 not in plan.drop
               and last + 1 not in plan.starts and not CANON_NOTE.match(lines[last + 1])
               and kinds[last + 1] in (BODY, NOTE)):
            last += 1
        for k in range(i, last + 1):
            kinds[k] = NOTE
        pieces.append(NotePiece(num, i, last))
    plan.notes = sorted(plan.notes + pieces, key=lambda p: (p.number if p.number is not None else 10 ** 9,
                                                            p.continuation, p.first))


def merge_publisher_matter(plan: LayoutPlan, text: str, ctx) -> None:
    """Drop the publisher matter the packs describe (cleaner/rules/publisher.py), for every input kind.

    Lines the analyzer already drops, or reads as footnote definitions, are left to it.
    """
    if ctx is None:
        return
    from ..rules.publisher import publisher_matter_lines

    extra = publisher_matter_lines(text.split("\n"), ctx, text)
    if not extra:
        return
    notes = {i for p in plan.notes for i in range(p.first, p.last + 1)}
    for i, why in extra.items():
        if i in plan.drop or i in notes or i >= len(plan.kinds) or plan.kinds[i] == NOTE:
            continue
        plan.drop[i] = why
        plan.kinds[i] = DROPPED


# The analyzers register themselves with @analyzer: imported here, once `analyzer` exists.
from . import markdown, ocr, pdftotext  # noqa: E402,F401
