"""Layout of OCR output: pages, footnote blocks, headings, page-bottom spacing.

OCR engines print a book page by page.  What this analyzer reads:

* a page break is a run of three or more blank lines, or a line that starts
  with one leading space (the first line of a new page, glued under the last
  footnote line of the page before);
* a page is body text, then its footnote block: definitions `N Text`,
  hard-wrapped, numbered on through the book;
* the last one to three body lines of a page are set off by blank lines even
  in mid-sentence, so a blank line is a paragraph break only where the line
  before it ends a sentence and the line after it starts one;
* a chapter title is a short line at the top of a page with no final stop,
  followed by a blank line;
* a bare number alone at a page edge is a page number;
* a short token with digits alone between blank lines (`n7`) is a second
  copy of a footnote superscript;
* a line `"N words` set off by blank lines, followed by a line that runs on
  without a blank, is the right half of a printed line read before its left
  half (the closing quote and the superscript, then the next sentence).  The
  analyzer records the pair in `ctx.facts["ocr_swaps"]`; rule OC002 puts the
  halves back in order.

The footnote numbers found per page go to `ctx.facts["ocr_pages"]` for the
marker rule (OC003), which numbers the garbled references from them.
"""
from __future__ import annotations

import re
import statistics

from . import analyzer
from .plan import (BLANK, BODY, DROPPED, HEADING, NOTE, PAGE_NO, PAGE_NUMBER, LayoutPlan, NotePiece,
                   joiner)
from ..registry import declare

declare("OC010", "stray-superscript-line", "ocr", "safe", """
    Remove a short token with digits standing alone between blank lines (`n7`, `nl4`).

    OCR sometimes reads a footnote superscript twice: once where it belongs,
    glued to the text, and once as a line of its own (`n` + the number, or the
    number with `l` for `1`).  The line carries nothing the reference does not.
    Example: `...are widening\\n\\nn1\\n\\ntheir trade...` -> `...are widening their trade...`.
    Safety: safe; only a token of at most four letters and digits with a digit in it.
    """, example=("The two cities \"keep close ties\"\u00ae . They are widening\n\nn1\n\ntheir trade every year.\n\n"
                  "1 Ministry report, 2019.\n\n\n\nNext page.\n",
                  "The two cities \"keep close ties\"[^1]. They are widening their trade every year.\n\n"
                  "Next page.\n\n[^1]: Ministry report, 2019.\n"))

LEAD_SPACE = re.compile(r"^ (?=\S)")
NOTE_DEF = re.compile(r"^(\d{1,3})( {1,2})(?=\S)")
STRAY_SUP = re.compile(r"^(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,4}$")
URL_TAIL = re.compile(r"^(?=\S*[-/_=%?])[\w%.\-/?=&~+#:]+$")  # a slug piece, not a word (`technology.`)
SCRAMBLE = re.compile(r"^[\"\u201d]\d{1,3}\s+\S")
# a sentence ends: terminator, closing quotes/brackets, maybe a garbled superscript after it
SENT_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*(?:\s*[^\w\s]{0,4}|\s+[^\sA-Za-z]{1,4})$")
PARA_START = re.compile(r"^[\"\u201c'\u2018(]?[A-Z0-9]")
RUNS_ON = re.compile(r"^(?:[.,;:]|[a-z])")  # the rest of a printed line: no sentence start
HEADING_SHAPE = re.compile(r"^[A-Z][^.!?:;,]*[^\W]$")
MARKER_JUNK = re.compile("[\u00ae\u2122\u00a2\u00a5]")
DETACHED = re.compile(r"\w[\"\u201d][^\w\s\"]{1,4} \.")
JUNK_DETACHED = re.compile("[\u00ae\u2122\u00a2\u00a5][^\\w\\s]{0,3} \\.")
# other superscript misreads (copyright, caret) count only with the detached stop after a quote;
# not the dagger: born-digital books mark notes with it
ODD_DETACHED = re.compile("\\w[\"\u201d][\u00a9^][^\\w\\s]{0,3} \\.")

NOTE_WINDOW = 12  # definitions lost from an extraction: how far the numbering may jump


# the same matches as ODD_DETACHED / DETACHED, found from the quote on (a word character before it
# is looked behind): a scan from a rare character is far faster than one from every word character
_ODD_DETACHED_AT_QUOTE = re.compile("(?<=\\w)[\"\u201d][\u00a9^][^\\w\\s]{0,3} \\.")
_DETACHED_AT_QUOTE = re.compile(r"(?<=\w)[\"\u201d][^\w\s\"]{1,4} \.")


def _count_odd_detached(text: str) -> int:
    """len(ODD_DETACHED.findall(text)), cheaply."""
    if "\u00a9" not in text and "^" not in text:
        return 0
    return len(_ODD_DETACHED_AT_QUOTE.findall(text))


# a letter read as a digit or a capital I inside a lower-case word (`bIue`, `1ocal`, `opti0n`):
# a recogniser's mistake no typesetter makes
MISREAD_WORD = re.compile(r"(?<![\w.@/-])(?:[a-z]+[I|][a-z]+|[01](?!(?:st|nd|rd|th|s)\b)[a-z]{2,}|[a-z]{2,}[01][a-z]+)(?![\w@/-])")


# where a misread word can be: found by their literal first character (fast), then read whole
MISREAD_AT = [re.compile(r"I(?<=[a-z]I)(?=[a-z])"), re.compile(r"\|(?<=[a-z]\|)(?=[a-z])"),
              re.compile(r"0(?=[a-z])"), re.compile(r"1(?=[a-z])")]
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01|")


def _misread_tokens(text: str) -> list[str]:
    """The words MISREAD_WORD finds, each once per place (searched from their odd character)."""
    found: dict[int, str] = {}
    for rx in MISREAD_AT:
        for m in rx.finditer(text):
            start = m.start()
            while start and text[start - 1] in _TOKEN_CHARS:
                start -= 1
            if start not in found:
                w = MISREAD_WORD.match(text, start)
                if w is not None and w.end() > m.start():
                    found[start] = w.group()
    return [found[k] for k in sorted(found)]


_LETTER_FOR = str.maketrans({"I": "l", "|": "l", "1": "l", "0": "o"})


def looks_like(text: str, lines: list[str]) -> bool:
    """OCR output: garbled superscripts (`®`, `™`, `¢`, `¥`) and detached ` .` after quotes, or
    words with a letter misread as a digit or a capital I (`bIue`, `1ocal`)."""
    tokens = _misread_tokens(text)
    if len(tokens) >= 3:
        from ..context import dictionary
        words = dictionary()
        # only a word that reads right with the letter put back counts (`1bn` is no `lbn`)
        misread = sum(1 for t in tokens if t.translate(_LETTER_FOR).lower() in words)
        if misread >= 3 and misread * 50_000 >= len(text):
            return True
    junk = sum(text.count(c) for c in "\u00ae\u2122\u00a2\u00a5") + _count_odd_detached(text)
    if not junk:
        return False
    if len(lines) < 80:  # a snippet: one superscript glyph with its detached stop is enough
        return JUNK_DETACHED.search(text) is not None or ODD_DETACHED.search(text) is not None
    if junk < 3:
        return False
    return junk >= 10 or len(_DETACHED_AT_QUOTE.findall(text)) >= 3


def _pages(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of every page."""
    starts = [0]
    blank_run = 0
    for i, line in enumerate(lines):
        if not line.strip():
            blank_run += 1
            continue
        if i > 0 and (LEAD_SPACE.match(line) or blank_run >= 3) and i != starts[-1]:
            # a page starts at the first non-blank line after the break
            starts.append(i)
        blank_run = 0
    bounds = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(lines)
        bounds.append((a, b))
    return bounds


PLACEHOLDER = re.compile(r"\s+xml-ph-\S*$")
CLOSED = re.compile(r"[\"\u201d)\]]$")


def _ends_sentence(line: str, lenient: bool = False) -> bool:
    """The line ends a sentence (a closing quote is enough when `lenient`)."""
    line = line.rstrip()
    if "xml-ph-" in line:   # (PLACEHOLDER needs it: no regex scan from every space otherwise)
        line = PLACEHOLDER.sub("", line)
    return bool(SENT_END.search(line) or (lenient and CLOSED.search(line)))


@analyzer("ocr")
def analyze_ocr(text: str, ctx) -> LayoutPlan:
    lines = text.split("\n")
    n = len(lines)
    kinds = [BLANK if not ln.strip() else BODY for ln in lines]
    plan = LayoutPlan("ocr", kinds)
    blank = [not ln.strip() for ln in lines]
    body_lens = [len(ln.strip()) for ln in lines if len(ln.strip()) > 30 and "http" not in ln]
    width = statistics.median(body_lens) if body_lens else 80

    opener_list = ctx.data("ocr_paragraph_openers", []) if ctx is not None else []
    openers = re.compile("|".join(f"(?:{o})" for o in opener_list)) if opener_list else None
    last_note = 0
    note_pieces: dict[int, list[NotePiece]] = {}
    last_note_piece: NotePiece | None = None
    last_note_line = ""
    pages_info = []  # (first, end, [note numbers]) per page
    swaps: list[tuple[int, int]] = []
    prev_body: int | None = None  # last body line so far (source index)

    for a, b in _pages(lines):
        nonblank = [i for i in range(a, b) if not blank[i]]
        if not nonblank:
            continue
        # -- page numbers at the page edges
        for i in (nonblank[0], nonblank[-1]):
            if PAGE_NO.match(lines[i]):
                kinds[i] = PAGE_NUMBER
                plan.drop[i] = ("LY001", "page number")
        live = [i for i in nonblank if kinds[i] != PAGE_NUMBER]
        # -- the footnote block: from the first definition in sequence to the page end
        first_def = None
        for i in live:
            m = NOTE_DEF.match(lines[i])
            if (m and last_note < int(m.group(1)) <= last_note + NOTE_WINDOW
                    and (i == a or blank[i - 1] or kinds[i - 1] == PAGE_NUMBER)):
                first_def = i
                break
        numbers: list[int] = []
        note_start = first_def if first_def is not None else b
        if first_def is not None:
            # a URL tail just above the first definition continues the last note of the page before
            # the group of lines right above the first definition (separated by a blank line)
            j = first_def - 1
            while j >= a and blank[j]:
                j -= 1
            g_end = j
            while j >= a and not blank[j]:
                j -= 1
            g_start = j + 1
            if (g_end >= a and g_start < first_def and last_note_piece is not None
                    and g_start > a and all(URL_TAIL.match(lines[x].strip()) for x in range(g_start, g_end + 1))
                    and re.search(r"[-/_]$", last_note_line.rstrip())
                    and lines[g_start].strip()[:1].islower()):
                piece = NotePiece(last_note_piece.number, g_start, g_end, continuation=True)
                note_pieces.setdefault(last_note_piece.number, []).append(piece)
                for x in range(g_start, g_end + 1):
                    kinds[x] = NOTE
                note_start = g_start
                last_note_line = lines[g_end]
            current: NotePiece | None = None
            for i in range(first_def, b):
                if blank[i] or kinds[i] == PAGE_NUMBER:
                    continue
                m = NOTE_DEF.match(lines[i])
                if m and last_note < int(m.group(1)) <= last_note + NOTE_WINDOW:
                    num = int(m.group(1))
                    last_note = num
                    numbers.append(num)
                    current = NotePiece(num, i, i)
                    note_pieces.setdefault(num, []).insert(0, current)
                    plan.prefix[i] = (len(m.group(0)), f"[^{num}]: ", "FN001")
                    plan.notes_found.setdefault(num, i)
                elif current is not None:
                    current.last = i
                kinds[i] = NOTE
                last_note_line = lines[i]
            if current is not None:
                last_note_piece = current
        pages_info.append((a, b, numbers))

        # -- body lines of the page
        body = [i for i in live if i < note_start and kinds[i] == BODY]
        # stray superscript copies
        for i in body:
            s = lines[i].strip()
            if (STRAY_SUP.match(s) and (i == a or blank[i - 1]) and (i + 1 >= n or blank[i + 1])
                    and not s.isdigit()):
                kinds[i] = DROPPED
                plan.drop[i] = ("OC010", "second copy of a footnote superscript")
        body = [i for i in body if kinds[i] == BODY]
        if not body:
            continue
        # scrambled halves: `"N words` between blanks, then the left half, then the next line
        for idx, i in enumerate(body):
            if SCRAMBLE.match(lines[i].strip()) and i + 1 < n and blank[i + 1]:
                if idx + 2 < len(body):
                    l2, l3 = body[idx + 1], body[idx + 2]
                    if l3 == l2 + 1 and (i == a or blank[i - 1]):
                        swaps.append((i, l2))
        swapped = {x for pair in swaps for x in pair}
        # heading at the page top
        top = body[0]
        top_line = lines[top]
        is_heading = (
            (LEAD_SPACE.match(top_line) or top == a)
            and len(top_line.strip()) <= 70 and 2 <= len(top_line.split()) <= 12
            and HEADING_SHAPE.match(top_line.strip()) is not None
            and top_line.count('"') % 2 == 0
            and top + 1 < n and blank[top + 1]
            and (prev_body is None or _ends_sentence(lines[prev_body]))
            and len(body) > 1 and PARA_START.match(lines[body[1]].strip()) is not None
        )
        for idx, i in enumerate(body):
            line = lines[i].strip()
            if idx == 0:
                if is_heading:
                    kinds[i] = HEADING
                    plan.starts.add(i)
                    plan.prefix[i] = (0, "# ", "LY020")
                elif (prev_body is None or i in swapped
                      or (_ends_sentence(lines[prev_body]) and PARA_START.match(line))):
                    if i not in swapped:
                        plan.starts.add(i)
                else:
                    plan.page_joins.add(i)
            else:
                prev = body[idx - 1]
                if kinds[prev] == HEADING:
                    plan.starts.add(i)
                elif i in swapped or prev in swapped:
                    pass
                elif any(blank[x] or kinds[x] == DROPPED for x in range(prev + 1, i)):
                    # the page's last lines are set off by blank lines even in mid-sentence
                    tail = all(body[y + 1] - body[y] > 1 for y in range(idx, len(body) - 1))
                    # a line whose superscript ends it is set off by blank lines on both sides,
                    # its line's rest (`. In the...`) after the second: that blank is no break
                    lifted = (idx + 1 < len(body) and body[idx + 1] - i > 1
                              and RUNS_ON.match(lines[body[idx + 1]].strip()) is not None)
                    if _ends_sentence(lines[prev], lenient=not tail) and PARA_START.match(line):
                        if not (tail or lifted) or len(lines[prev].strip()) < 0.9 * width:
                            plan.starts.add(i)
                elif openers and _ends_sentence(lines[prev]) and openers.match(line):
                    # a paragraph break the OCR lost: sentence end at a line end, then a
                    # typical paragraph opening (pack data `ocr_paragraph_openers`); a guess
                    # from the wording alone, so the break is logged for review
                    plan.starts.add(i)
                    plan.start_why[i] = ("LY011", "paragraph break guessed from a typical opening "
                                         "after a sentence end (no blank line)", "unsafe")
            prev_body = i

    # notes in number order, continuations right after their head
    for num in sorted(note_pieces):
        plan.notes.extend(note_pieces[num])
    plan.kinds = kinds
    ctx.facts["ocr_pages"] = pages_info
    ctx.facts["ocr_swaps"] = swaps
    ctx.facts["ocr_width"] = width
    return plan


analyze_ocr.looks_like = looks_like
