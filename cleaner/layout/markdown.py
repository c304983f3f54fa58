"""Layout of Markdown made by a PDF-to-Markdown converter.

What such a converter prints (and what this analyzer makes of it):

* every paragraph is one line, paragraphs are separated by blank lines, and
  a line ending in two spaces is a hard break inside a block;
* `---` marks a page break.  It sits *between* a page's body and that page's
  footnote definitions (`<sup>N</sup> text`, one a line); the next page's
  body follows the last definition with no separator.  So after a `---`
  comes a footnote zone, which ends at the first line that is not a
  definition (or a URL tail of one);
* a paragraph cut by a page break ends before the `---` without finishing
  its sentence and goes on after the footnote zone: the two halves are one
  block again (LY012);
* a definition whose URL was cut by the page break goes on as a lone link
  line in the next footnote zone: it is a continuation piece of that note;
* headings `## Title` become `# Title` (LY020); definitions `<sup>N</sup> `
  get the label `[^N]: ` (FN001);
* a footnote reference that lost its `<sup>` sits as a bare number on a line
  of its own, right after the sentence it belongs to (MD007);
* running furniture (pack data `furniture`) is dropped (LY003); the
  publisher's front matter (title pages, imprint, table of contents) and
  back matter (advertising) are found by `publisher_matter`
  (cleaner/rules/publisher.py, PB010), as for every input kind, and this
  analyzer reads only the lines between them.

The analyzer only looks; the inline MD rules (cleaner/rules/markdown.py)
remove the remaining markup.
"""
from __future__ import annotations

import re

from ..registry import declare
from ..rules.publisher import pack_patterns, publisher_matter
from . import analyzer
from .plan import (BLANK, BODY, FURNITURE, HEADING, NOTE, PAGE_NUMBER, SEPARATOR, LayoutPlan, joiner,
                   NotePiece)

declare("MD007", "bare-reference-line", "markdown", "safe", """
    Read a footnote number standing alone on a line after a sentence as the reference `[^N]`.

    A converter sometimes loses the `<sup>` of a reference and prints the
    number as a line (or a block) of its own right after the sentence it
    belongs to.  The number is taken as a reference only when it is the next
    footnote number in the book's reading order and a definition with that
    number exists; the line is then joined to the sentence with no space.
    Example: `...in Lima<sup>4</sup>".\\n\\n5\\n\\nAs for` -> `...in Lima[^4]".[^5]` / `As for`.
    Safety: safe (the number is checked against the footnote numbering).
    """, example=("The fair opened in Lima<sup>4</sup>\".\n\n5\n\nAs for the rest, it waits.\n\n---\n\n"
                  "<sup>4</sup> First note.\n\n<sup>5</sup> Second note.\n",
                  "The fair opened in Lima[^4]\".[^5]\n\nAs for the rest, it waits.\n\n"
                  "[^4]: First note.\n\n[^5]: Second note.\n"))

SEPARATOR_LINE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")
HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(?=\S)")
NOTE_DEF = re.compile(r"^\s*<sup>\s*\[?(\d{1,4})[a-z]?\]?\s*</sup>\s*(?=\S)", re.I)
SUP_NUM = re.compile(r"<sup>\s*(\d{1,4})[a-z]?\s*</sup>", re.I)
LINK_ONLY = re.compile(r"^\s*(?:\[[^\]]*\]\([^)\s]*\)|<(?:https?://|www\.)[^>\s]+>|(?:https?://|www\.)\S+)\s*$")
URL_PIECE = re.compile(r"^\s*(?:\[(?!https?://|www\.)[^\]\s]+\]\([^)\s]*\)|<(?!https?://|www\.)[^>\s]+>)\s*$")
BARE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}(?:\d{1,4}[.)]|[-*+])\s+\S")
MARKUP_AROUND = re.compile(r"^[\s*_#]+|[\s*_]+$")
# the visible end of a line: trailing references, spaces, emphasis and closing quotes stripped
TRAILING = re.compile(r"(?:<sup>[^<]*</sup>|\[\^\d+\]|[\s*_\"')\]\u201d\u2019>])+$")
TERMINAL = ".!?"


# MARKUP_AROUND as str.strip sets (`\s` is what str.isspace() is true for; none above U+3000)
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_LEAD_MARKUP, _TRAIL_MARKUP = _SPACES + "*_#", _SPACES + "*_"


def _plain(line: str) -> str:
    """The line without emphasis markers and outer heading marks, for pattern tests."""
    # = MARKUP_AROUND.sub("", line.replace("**", "")) for a line (no line break), without a regex
    # scan from every space of a long paragraph line
    return line.replace("**", "").lstrip(_LEAD_MARKUP).rstrip(_TRAIL_MARKUP)


def _ends_sentence(line: str) -> bool:
    core = TRAILING.sub("", line.rstrip())
    return bool(core) and core[-1] in TERMINAL


def _starts_lower(line: str) -> bool:
    s = re.sub(r"^(?:<sup>[^<]*</sup>|[\s*_\"'(\[\u201c])+", "", line)
    return bool(s) and (s[0].islower() or s[0] in ".,;:)")


@analyzer("markdown")
def analyze_markdown(text: str, ctx) -> LayoutPlan:
    lines = text.split("\n")
    n = len(lines)
    kinds = [BLANK] * n
    drop: dict[int, tuple[str, str]] = {}
    starts: set[int] = set()
    prefix: dict[int, tuple[int, str, str]] = {}
    page_joins: set[int] = set()
    furniture = pack_patterns(ctx, "furniture")

    # the publisher's front and back matter (cleaner/rules/publisher.py) is dropped by the merge in
    # cleaner/layout/__init__.py: the text to read lies between
    _, body_start, back_start = publisher_matter(lines, ctx, text)

    # footnote definitions: numbers defined after a separator
    defined_numbers: set[int] = set()
    zone_notes = False
    for i in range(body_start, back_start):
        ln = lines[i]
        if SEPARATOR_LINE.match(ln):
            zone_notes = True
            continue
        if not ln.strip():
            continue
        m = NOTE_DEF.match(ln)
        if zone_notes and m:
            defined_numbers.add(int(m.group(1)))
            continue
        if zone_notes and LINK_ONLY.match(ln):
            continue
        zone_notes = False

    notes: list[NotePiece] = []
    cont: dict[int, list[NotePiece]] = {}
    heads: dict[int, NotePiece] = {}
    bare_ref_lines: set[int] = set()
    zone = "body"
    last_note: int | None = None
    last_ref = 0
    prev_kept: int | None = None        # last kept body/heading line index
    prev_blank = True
    pending_join: int | None = None     # body line before a separator that ends mid-sentence
    in_list = False
    for i in range(body_start, back_start):
        ln = lines[i]
        if i in drop:
            continue
        if not ln.strip():
            prev_blank = True
            continue
        if any(p.search(ln) or p.search(_plain(ln)) for p in furniture):
            kinds[i] = FURNITURE
            drop[i] = ("LY003", "running header/footer")
            continue
        if SEPARATOR_LINE.match(ln):
            kinds[i] = SEPARATOR
            drop[i] = ("LY002", "page separator")
            if zone == "body" and prev_kept is not None and kinds[prev_kept] == BODY:
                pending_join = prev_kept
            zone = "notes"
            prev_blank = True
            continue
        m = NOTE_DEF.match(ln)
        label = int(m.group(1)) if m else None
        if (zone == "body" and label is not None and label not in heads and label not in defined_numbers
                and label <= last_ref and _closes_page(lines, i, back_start)):
            # a definition printed at the foot of its page, before the separator: the notes begin
            if prev_kept is not None and kinds[prev_kept] == BODY:
                pending_join = prev_kept
            zone = "notes"
        if zone == "notes" and label is not None and label not in heads:
            num = label
            kinds[i] = NOTE
            piece = NotePiece(num, i, i)
            heads[num] = piece
            prefix[i] = (m.end() - (len(ln) - len(ln.lstrip())), f"[^{num}]: ", "FN001")
            last_note = num
            prev_blank = False
            continue
        if zone == "notes" and last_note is not None and LINK_ONLY.match(ln):
            kinds[i] = NOTE
            cont.setdefault(last_note, []).append(NotePiece(last_note, i, i, continuation=True))
            prev_blank = False
            continue
        # a body or heading line
        zone = "body"
        h = HEADING_LINE.match(ln)
        if h:
            kinds[i] = HEADING
            starts.add(i)
            lead = len(ln) - len(ln.lstrip())
            prefix[i] = (h.end() - lead, "# ", "LY020")
            pending_join = None
            prev_kept = i
            prev_blank = False
            in_list = False
            continue
        kinds[i] = BODY
        for r in SUP_NUM.finditer(ln):
            last_ref = max(last_ref, int(r.group(1)))
        b = BARE_NUMBER.match(ln)
        if b and prev_kept is not None and kinds[prev_kept] == BODY:
            num = int(b.group(1))
            if num == last_ref + 1 and num in defined_numbers:
                bare_ref_lines.add(i)
                last_ref = num
                prefix[i] = (len(ln.strip()), f"[^{num}]", "MD007")
                prev_kept = i
                prev_blank = False
                pending_join = None
                continue
        if b and prev_blank:
            kinds[i] = PAGE_NUMBER
            drop[i] = ("LY001", "page number")
            continue
        is_item = bool(LIST_ITEM.match(ln))
        joined = False
        if pending_join is not None:
            # first body line after a page break: the paragraph goes on?
            if not _ends_sentence(lines[pending_join]) or _starts_lower(ln):
                page_joins.add(i)
                joined = True
            pending_join = None
        elif not prev_blank and prev_kept is not None and kinds[prev_kept] == BODY and not is_item:
            joined = True  # hard break or soft-wrapped line inside one block
        elif prev_kept is not None and kinds[prev_kept] == BODY and re.match(r"^\s*[.,;:!?](?:\s|<sup>|$)", ln):
            joined = True  # a sentence's closing punctuation left as a block of its own
        elif prev_kept is not None and kinds[prev_kept] == BODY and URL_PIECE.match(ln):
            joined = True  # the tail of a URL broken onto its own line
        elif (prev_kept is not None and kinds[prev_kept] == BODY and LINK_ONLY.match(ln)
              and re.search(r"URL:?\s*$", lines[prev_kept])):
            joined = True  # `URL:` and its address on the next block
        elif in_list and not is_item and prev_kept is not None and kinds[prev_kept] == BODY and (
                re.search(r"(?://|[:,\-/])\s*$", lines[prev_kept]) or re.match(r"^\s*[\[<a-z]", ln)):
            joined = True  # a list item split into blocks
        if not joined:
            starts.add(i)
            in_list = is_item
        prev_kept = i
        prev_blank = False

    for num in sorted(heads):
        notes.append(heads[num])
        notes.extend(cont.get(num, ()))
    for num, pieces in cont.items():
        if num not in heads:
            notes.extend(pieces)
    if ctx is not None:
        ctx.facts.setdefault("markdown", {})["bare_ref_lines"] = bare_ref_lines
        ctx.facts.setdefault("markdown", {})["page_joins"] = page_joins
    plan = LayoutPlan("markdown", kinds, drop=drop, starts=starts, notes=notes, prefix=prefix,
                      page_joins=page_joins, notes_found={k: p.first for k, p in heads.items()})
    return plan


def _closes_page(lines: list[str], i: int, end: int) -> bool:
    """Do only footnote definitions (or their links) follow line i up to a page separator or the end?"""
    for j in range(i + 1, end):
        ln = lines[j]
        if not ln.strip() or NOTE_DEF.match(ln) or LINK_ONLY.match(ln):
            continue
        return bool(SEPARATOR_LINE.match(ln))
    return True


def _markdown_joint(prev: str, nxt: str, kind: str, ctx):
    """Line-end decisions special to converter Markdown (runs before the generic joiners)."""
    if ctx is None or getattr(ctx, "input_kind", "") != "markdown":
        return None
    if BARE_NUMBER.match(nxt) and kind == BODY:
        core = prev.rstrip()
        cut = len(prev) - len(core)
        m = re.search(r"(?<=\S) ([.,;:])$", core)
        if m:  # `union" .` + `37` -> `union".[^37]`
            return (cut + 2, m.group(1), "MD007", "footnote number joined to its sentence")
        return (cut, "", "MD007", "footnote number joined to its sentence")
    if re.match(r"^[.,;:!?](?:\s|<sup>|$)", nxt):
        cut = len(prev) - len(prev.rstrip())
        return (cut, "", "LY012", "closing punctuation joined to its sentence")
    if re.search(r"[A-Za-z]-$", prev) and re.match(r"^[a-z]", nxt):
        left = re.search(r"([A-Za-z]+)-$", prev).group(1)
        right = re.match(r"[a-z]+", nxt).group(0)
        compound = f"{left}-{right}".lower()
        whole = (left + right).lower()
        from ..context import dictionary
        if compound not in ctx.hyphenated and whole in dictionary() and compound not in dictionary():
            return (1, "", "LY012", "word split by a page break")
        return (0, "", "LY012", "hyphenated compound split by a page break")
    return None


joiner(_markdown_joint, input_kinds=("markdown",), first=True)
