"""The layout plan and the two layout passes that carry it out.

An analyzer (one per input kind) reads the source lines and returns a
`LayoutPlan`: what each line is, which lines are dropped and why, where
blocks start, which lines are footnote definitions and in what order they go
to the end.  The analyzers only look; `drop_and_move` and `join_lines` turn
the plan into edits, so every input kind gets the same provenance.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from dataclasses import dataclass, field
from typing import Callable

from ..engine import Document, Edit, edit_of_parts, line_starts
from ..registry import declare

BODY, HEADING, NOTE, BLANK = "body", "heading", "note", "blank"
PAGE_NUMBER, FURNITURE, SEPARATOR, DROPPED = "page-number", "furniture", "separator", "dropped"
KEPT = (BODY, HEADING, NOTE)

declare("LY001", "page-number", "layout", "safe", """
    Remove a line that holds only a printed page number.

    Page numbers are page furniture: they interrupt paragraphs and are not
    part of the text.  A line is a page number when it holds one to four
    digits (optionally spaced) and stands where a page ends or starts.

    Example: `...machinery and\\n\\n 11 \\n\\nequipment` -> `...machinery and equipment`.
    Safety: safe; a number line inside running text is never removed.
    """, example=("The text runs on to the\n\n\n\n 11 \n\nnext page.\n", "The text runs on to the next page.\n"))
declare("LY002", "footnote-separator", "layout", "safe", """
    Remove the line (spaces, dashes or underscores) that separates body text from the footnote block.

    Extractors print the separator rule as a line of spaces or `___`, and
    converters mark the page break before the notes with `---`.  It carries
    nothing; removing it lets the paragraph around the footnotes join again.
    Example: `in the\\n\\n---\\n\\n<sup>1</sup> Report.\\n\\nnext year.` ->
    `in the next year.` with footnote 1 at the end.
    Safety: safe; only a line of rule characters (or spaces) before a footnote block.
    """, example=("The road was opened<sup>1</sup>. Work goes on in the\n\n---\n\n<sup>1</sup> Ministry report, 2019.\n\n"
                  "next year.\n",
                  "The road was opened[^1]. Work goes on in the next year.\n\n[^1]: Ministry report, 2019.\n"))
declare("LY003", "running-furniture", "layout", "safe", """
    Remove running headers and footers named by a rule pack (e.g. `FOR AUTHOR USE ONLY`).

    Publishers print a running header or footer on every page; extracted, it
    lands in the middle of paragraphs.  The patterns come from the packs'
    `furniture` data.  Each removed line is logged with the pattern's name.
    Example: `in the\\nFOR AUTHOR USE ONLY\\nnext year.` -> `in the next year.`
    Safety: safe for whole-line matches.
    """, example=("The road was opened. Work goes on in the\nFOR AUTHOR USE ONLY\nnext year.\n",
                  "The road was opened. Work goes on in the next year.\n"))
# LY004 (front-back-matter) is retired: the publisher's front and back matter is PB010 for every
# input kind (cleaner/rules/publisher.py).  Codes are never reused.
declare("LY010", "line-join", "layout", "safe", """
    Join the lines of one paragraph (or one footnote definition) with one space.

    Extractors hard-wrap paragraphs and double-space lines; a canonical
    block is one line.  Example: `the Republic \\n\\nof Chile` -> `the Republic of Chile`.
    Safety: safe; only whitespace changes.
    """, example=("The Republic \n\nof Chile is a long country.\n", "The Republic of Chile is a long country.\n"))
declare("LY000", "line-ending", "layout", "safe", """
    Make Windows line ends (CR LF) plain line ends before the layout is read.

    A text saved on Windows ends every line with a carriage return; the
    analyzers read a line's end, its emptiness and its width, so the return
    goes first (one change per line, hidden with the line joins in the report).
    Example: `One line.\\r\\nNext line.` -> `One line. Next line.` (with the join).
    Safety: safe; only the invisible character goes.
    """, example=("The Republic\r\nof Chile is a long country.\r\n", "The Republic of Chile is a long country.\n"))
declare("LY011", "block-break", "layout", "safe", """
    Separate blocks by exactly one blank line, and end the text with one newline.

    Extractors leave runs of empty lines (or lines of spaces) between blocks;
    the canonical text has exactly one blank line between blocks.
    Example: `end.\\n\\n\\n\\nNext` -> `end.\\n\\nNext`.
    Safety: safe; whitespace only.
    """, example=("The road was opened.\n\n\n\nWork goes on.\n\n\n", "The road was opened.\n\nWork goes on.\n"))
declare("LY012", "page-rejoin", "layout", "safe", """
    Re-join a paragraph that a page break (footnotes, page number, header) cut in two.

    A page's footnote block (and its page number or running header) sits
    between the last line of one page and the first of the next; the
    paragraph is one block again.  The two halves are joined with one space,
    as for any line end.
    Example: `the work, aimed \\n \\n1 City council report. \\n at widening` -> `the work, aimed at widening`.
    Safety: safe when the next page starts mid-sentence; judged by the analyzer otherwise.
    """, example=(
    "The new bridge was finished in 2019, as the council had planned. The \n\nsecond stage of the work, aimed \n \n"
    "1 City council report on the bridge. - 2020. \n at widening the road, starts next year\"1 . The money for it \n\n"
    "has been found. \n",
    "The new bridge was finished in 2019, as the council had planned. The second stage of the work, aimed at "
    "widening the road, starts next year\"[^1]. The money for it has been found.\n\n"
    "[^1]: City council report on the bridge. - 2020.\n"))
declare("LY020", "heading-mark", "layout", "safe", """
    Mark a chapter or article title as a `# Title` heading (and join its lines).

    The canonical text has one heading level; a converter's `## Title` and
    an extracted title line (short, starting a page, set off from the text)
    both become `# Title`.
    Example: `## A road to the sea` -> `# A road to the sea`.
    Safety: safe.
    """, example=("## A road to the sea\n\nThe road was opened in May.\n",
                  "# A road to the sea\n\nThe road was opened in May.\n"))
declare("FN001", "note-label", "footnotes", "safe", """
    Write a footnote definition's label as `[^N]: `.

    Extractors print a note's number as `1 `, `1 . ` or `<sup>1</sup> `; the
    canonical definition label is `[^1]: `.  Only lines the analyzer reads as
    footnote definitions (in a footnote block, numbered in sequence) get it.
    Example: `1 City council report` (in a footnote block) -> `[^1]: City council report`.
    Safety: safe.
    """, example=("The bridge was finished<sup>1</sup>.\n\n---\n\n<sup>1</sup> City council report, 2020.\n",
                  "The bridge was finished[^1].\n\n[^1]: City council report, 2020.\n"))
declare("FN002", "note-to-end", "footnotes", "safe", """
    Move every footnote definition to the end of the text, in number order.

    Footnote blocks sit between the halves of paragraphs at page ends; the
    canonical text gathers them at the end.  A definition continued on the
    next page is joined to its first part.  Definitions a converter already
    wrote `[^N]: ...` where a page ended go to the end too.  Logged as a
    deletion where it stood and an insertion at the end.
    Example: `in the\\n---\\n<sup>1</sup> Report.\\nnext year<sup>2</sup>.\\n---\\n<sup>2</sup> Plan.\\nThe end.`
    -> `in the next year[^2].` / `The end.` / `[^1]: Report.` / `[^2]: Plan.`
    Safety: safe; the text of every note is kept, only its place changes.
    """, example=("The road was opened<sup>1</sup>. Work goes on in the\n\n---\n\n<sup>1</sup> Ministry report, 2019.\n\n"
                  "next year<sup>2</sup>.\n\n---\n\n<sup>2</sup> City council plan, 2020.\n\nThe end.\n",
                  "The road was opened[^1]. Work goes on in the next year[^2].\n\nThe end.\n\n"
                  "[^1]: Ministry report, 2019.\n\n[^2]: City council plan, 2020.\n"))


@dataclass(slots=True)
class NotePiece:
    """A run of source lines belonging to footnote `number` (None: unknown)."""

    number: int | None
    first: int
    last: int
    continuation: bool = False


@dataclass
class LayoutPlan:
    input_kind: str
    kinds: list[str]
    # lines removed by pass A: line -> (rule code, reason)
    drop: dict[int, tuple[str, str]] = field(default_factory=dict)
    # lines that begin a new block (body, heading, note heads)
    starts: set[int] = field(default_factory=set)
    # footnote pieces in output order (number order, continuations after their head)
    notes: list[NotePiece] = field(default_factory=list)
    # line -> (chars of the line's content to replace, replacement, rule)
    prefix: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    # body lines whose block continues across a page break (for the log: LY012)
    page_joins: set[int] = field(default_factory=set)
    notes_found: dict[int, int] = field(default_factory=dict)  # number -> first line
    # block starts that are a judgement: line -> (rule, reason, safety) for the break's log entry
    start_why: dict[int, tuple[str, str, str]] = field(default_factory=dict)


# a line that is only a page number, as printed: `12`, `- 12 -`, `— 12 —`, `Page 12`
PAGE_NO = re.compile(r"^\s*(?:[-\u2013\u2014]\s*)?(?:[Pp]age\s+)?(\d{1,4})(?:\s*[-\u2013\u2014])?\s*$")
LINE_SPACE = " \t\r\f\v\u00a0"
# a line's content: from its first to its last non-space character
LINE_CONTENT = re.compile(r"[^ \t\r\f\v\u00a0\n][^\n]*")
# the same, without the trailing spaces (LINE_CONTENT's match .rstrip(LINE_SPACE))
LINE_TRIMMED = re.compile(r"[^ \t\r\f\v\u00a0\n](?:[^\n]*[^ \t\r\f\v\u00a0\n])?")
_span = re.Match.span


def drop_and_move(plan: LayoutPlan, doc: Document) -> list[Edit]:
    """Pass A: delete dropped lines; move footnote pieces to the end."""
    text = doc.text
    # where each line starts (the first pass reads the source, whose line starts the document has)
    starts = doc.line_starts if text is doc.source else line_starts(text)
    n = len(starts)

    def full(first: int, last: int) -> tuple[int, int]:
        """The lines first..last with their line breaks."""
        return starts[first], starts[last + 1] if last + 1 < n else len(text)

    edits: list[Edit] = []
    drop = plan.drop
    lines = sorted(k for k in drop if 0 <= k < n)
    k = 0
    while k < len(lines):
        i = lines[k]
        rule, reason = drop[i]
        # a run of dropped lines with one rule and reason is one deletion
        while k + 1 < len(lines) and lines[k + 1] == lines[k] + 1 and drop[lines[k + 1]][:2] == (rule, reason):
            k += 1
        a, b = full(i, lines[k])
        edits.append(Edit(a, b, "", rule, reason))
        k += 1
    end = len(text)
    moved: list[Edit] = []
    if plan.notes and not text.endswith("\n"):
        moved.append(Edit(end, end, "\n", "FN002", "line end before the footnotes"))
    for piece in plan.notes:
        a, b = full(piece.first, piece.last)
        chunk = text[a:b]
        label = f"footnote {piece.number}" if piece.number is not None else "footnote fragment"
        edits.append(Edit(a, b, "", "FN002", f"{label} moved to the end"))
        moved.append(Edit(end, end, chunk, "FN002", f"{label} from line {piece.first + 1}", moved_from=a))
        if not chunk.endswith("\n"):
            moved.append(Edit(end, end, "\n", "FN002", "line end"))
    return edits + moved


JoinHook = Callable[[str, str, str, object], "tuple[int, str, str, str] | None"]


@dataclass(frozen=True)
class Joiner:
    """A registered line-end decision and when it is asked.

    `last_chars`: asked only where the previous line ends in one of these
    characters (None: at every line end); `input_kinds`: asked only for these
    input kinds (None: all).  Both must admit every line end the joiner could
    decide: they only spare the calls at the others.
    """

    decide: JoinHook
    last_chars: "frozenset[str] | None" = None
    input_kinds: "frozenset[str] | None" = None


JOINERS: list[Joiner] = []


def joiner(func: JoinHook | None = None, *, last_chars: str | None = None, input_kinds=None,
           first: bool = False):
    """Register a line-end decision: (prev_line, next_line, kind, ctx) -> (cut, joint, rule, reason) or None.

    Use as `@joiner` or `@joiner(last_chars="-")`; `first` puts it before the joiners registered so far.
    """
    def register(f: JoinHook) -> JoinHook:
        entry = Joiner(f, frozenset(last_chars) if last_chars else None,
                       frozenset(input_kinds) if input_kinds else None)
        JOINERS.insert(0, entry) if first else JOINERS.append(entry)
        return f
    return register(func) if func is not None else register


def join_lines(plan: LayoutPlan, doc: Document, ctx) -> list[Edit]:
    """Pass B: make every block one line, blocks separated by one blank line.

    A run of plain joins (one space for a line end, LY010) is emitted as one
    grouped edit (one logged change, provenance per line end), as the engine
    would group them; every other line end is an edit of its own.
    """
    text = doc.text
    spans = list(map(_span, LINE_TRIMMED.finditer(text)))  # each line's content
    if not spans:
        return [Edit(0, len(text), "", "LY011", "empty text")] if text else []
    # the 0-based source line of each content line (doc.source_line, in bulk)
    src_of = doc.src_of
    lines = [b - 1 for b in map(bisect_right, repeat(doc.line_starts, len(spans)),
                                map(src_of.__getitem__, [s for s, _ in spans]))]
    notes_head = {p.first for p in plan.notes if not p.continuation}
    note_cont = {p.first for p in plan.notes if p.continuation}
    kinds, n_kinds = plan.kinds, len(plan.kinds)
    starts, prefix, page_joins, start_why = plan.starts, plan.prefix, plan.page_joins, plan.start_why
    breaks = (set(starts) | notes_head) - note_cont  # a new block starts at these lines
    enabled = ctx.config.on
    kind_now = getattr(ctx, "input_kind", None)
    hooks = [(j.decide, j.last_chars) for j in JOINERS if j.input_kinds is None or kind_now in j.input_kinds]
    edits: list[Edit] = [Edit(0, spans[0][0], "", "LY011", "leading whitespace")]
    add = edits.append
    kind_of = [kinds[line] if line < n_kinds else BODY for line in lines]
    run: list[int] = []  # the content lines whose line end is a plain join, in a row

    def flush() -> None:
        """The run of plain joins as one edit: one space for each of their line ends."""
        if len(run) == 1:
            add(Edit(spans[run[0]][1], spans[run[0] + 1][0], " ", "LY010", ""))
        else:
            add(edit_of_parts(text, [(spans[k][1], spans[k + 1][0], " ", None) for k in run], "LY010"))
        run.clear()

    for k in range(len(spans) - 1):
        s, e = spans[k]
        line = lines[k]
        if line in prefix:
            if run:
                flush()
            cut, rep, rule = prefix[line]
            add(Edit(s, s + cut, rep, rule, ""))
        nline = lines[k + 1]
        kind = kind_of[k]
        if nline in breaks or (kind_of[k + 1] != kind and nline not in note_cont):
            if run:
                flush()
            rule, reason, safety = start_why.get(nline, ("LY011", "", None))
            add(Edit(e, spans[k + 1][0], "\n\n", rule, reason, safety))
            continue
        decision = None
        last = text[e - 1]
        for hook, last_chars in hooks:
            if last_chars is not None and last not in last_chars:
                continue
            ns, ne = spans[k + 1]
            decision = hook(text[s:e], text[ns:ne], kind, ctx)
            if decision is not None:
                if enabled(decision[2]):
                    break
                decision = None  # that joiner's rule is turned off: plain join
        if decision is None and nline not in page_joins:
            run.append(k)
            continue
        if run:
            flush()
        ns = spans[k + 1][0]
        if decision is None:
            add(Edit(e, ns, " ", "LY012", ""))
        else:
            cut, joint, rule, reason = decision
            add(Edit(e - cut, ns, joint, rule, reason))
    if run:
        flush()
    s, e = spans[-1]
    line = lines[-1]
    if line in prefix:
        cut, rep, rule = prefix[line]
        add(Edit(s, s + cut, rep, rule, ""))
    add(Edit(e, len(text), "\n", "LY011", "final newline"))
    return edits
