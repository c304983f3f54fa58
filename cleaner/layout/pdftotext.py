"""Layout of pdftotext-style extractions: pages, footnote blocks, titles, paragraphs.

The input is plain text pulled out of a PDF, usually with no form feeds (where
the extractor kept them, a form feed starts a page and the number alone beside
it is the page number).  What a page looks like has to be read from the text alone:

* double-spaced extractions print an empty line after every body line, so
  empty lines say nothing about paragraphs, and lines that follow each other
  directly are footnotes, titles or a page break; single-spaced extractions
  separate paragraphs by empty lines (or, where they do not, are read by
  widths like double-spaced ones);
* a page's footnote block sits after its last body line, often after a
  separator line of spaces (one space, or a rule of 48 spaces) or a rule of
  underscores; its notes are printed `N text`, `N . text` or `* text`; a
  definition may run on at the top of the next page's block; where the
  numbering starts again (per page or chapter) the notes are numbered on
  through the book;
* a short line repeated on many pages (with the page number or beside a
  page break) is a running header or footer;
* the next page's first body line begins with one space (also where the
  footnote block was lost); after a page number (`  11 ` alone, after empty
  lines) it does not;
* an article title is a short line (or two or three) starting a page,
  followed by a line of spaces (double-spaced) or printed as one-line parts;
* paragraph starts lost their indent: a paragraph ends where a line ends a
  sentence and is visibly short (the next word would have fitted), where the
  next line is visibly narrower (the lost indent), or where the line ends in
  two spaces.  Widths are estimated with Times-Roman glyph widths.

The analyzer only looks: it returns a `LayoutPlan` (see plan.py).  It runs in
one pass over the lines; widths are computed with `bytes.translate`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import compress
from zlib import adler32

from . import analyzer
from . import joins  # noqa: F401  (registers the line-end joiners HY001 / UR001)
from .plan import (BLANK, BODY, DROPPED, HEADING, NOTE, PAGE_NO, PAGE_NUMBER, SEPARATOR,
                   LayoutPlan, NotePiece)
from ..registry import declare
from ..scan import SUPERSCRIPT_DIGITS, SUPERSCRIPTS, URL_START

declare("LY005", "footnote-fragment", "layout", "flag", """
    Remove a headless footnote fragment whose note cannot be named.

    When an extractor loses the head of a footnote (its number and first
    lines), the tail is left among the body lines or at the top of a footnote
    block (e.g. ` University Press, 2018. - C. 77.` printed with a leading
    space after an unrelated note).  It is not body text and its number cannot
    be recovered without guessing, so it is removed and the removal flagged
    for review.  A tail at the top of a block that continues the previous
    page's unfinished last note is joined to that note instead.
    Example: `...the two secretariats, \n ferrocarril-v-2-mlrd-soles-peru/\n covering ...`
    -> `...the two secretariats, covering ...`.
    Safety: flag (the removed text is in the change log).
    """, example=(
    "Among the partners with which the union hopes to widen trade in 2023 is \n"
    "the Andean Community. It is a matter of talks between the two secretariats, \n"
    " ferrocarril-v-2-mlrd-soles-peru/\n"
    " covering rules of origin in most areas of customs policy. \n",
    "Among the partners with which the union hopes to widen trade in 2023 is "
    "the Andean Community. It is a matter of talks between the two secretariats, "
    "covering rules of origin in most areas of customs policy.\n"))
declare("LY006", "note-number-recovered", "layout", "flag", """
    Give a footnote whose printed number is garbled the number its neighbours imply.

    OCR and extraction garble a note's printed number (`141 ...` / `7. Ana ...`
    / `143 ...`: the middle note is 142).  Only done when the notes on both
    sides are consecutive around the gap.
    Example: `7. Ana Torres: ...` -> `[^142]: Ana Torres: ...`.
    Safety: flag.
    """, example=(
    "The port shipped its grain\"141 , its timber\"142 and its ore\"143 . \n\n"
    "141 Torres: Grain exports from Callao [Electronic resource]. - 2019.\n"
    "7. Ana Torres: Timber shipments may double next year. - 2019.\n"
    "143 Rivas, P. The ore trade in numbers. - 2018.\n",
    "The port shipped its grain\"[^141], its timber\"[^142] and its ore\"[^143].\n\n"
    "[^141]: Torres: Grain exports from Callao [Electronic resource]. - 2019.\n\n"
    "[^142]: Ana Torres: Timber shipments may double next year. - 2019.\n\n"
    "[^143]: Rivas, P. The ore trade in numbers. - 2018.\n"))

E, W, T = "E", "W", "T"    # line shapes: empty, spaces only, text

NOTE_HEAD = re.compile(r"^\s{0,2}(\d{1,3}(?= )|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3})(?: \.)? *(?=\S)")
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
NOTE_HEAD_GARBLED = re.compile(r"^(\d{1,3})\. +(?=[A-Z\"'])")
TOKEN_URL_TAIL = re.compile(r"^[\w%./:#?=&+~@!$,;()*'-]+$")
LIST_ITEM = re.compile(r"^\(?\d{1,2}[).]\s")
NOTE_SYMBOL = re.compile(r"^\s{0,2}(\*{1,4}|[\u2020\u2021\u00a7]) ?(?=[A-Z\"'\u00ab\u201c])")
SYMBOL_REF = re.compile(r"(?<=[\w.,;:!?\"')\]\u201d])(\*{1,4}|[\u2020\u2021\u00a7])(?=[ .,;:!?)\"'\u201d]|$)", re.M)


def symbol_value(sym: str) -> int:
    """A note symbol's place on its page: `*` 1, `**` 2, ...; `†` 2, `‡` 3, `§` 4 (after `*`)."""
    return len(sym) if sym[0] == "*" else "\u2020\u2021\u00a7".index(sym) + 2


LIST_START = re.compile(r"^\s*(?:[-\u2013\u2022\u25cf\u25aa*]|\(?\d{1,2}[).]|[a-z]\))\s+\S")


def _may_list(s: str) -> bool:
    """False where LIST_START cannot match the line whose stripped text is `s` (a cheap test first)."""
    c = s[:1]
    return c in "-\u2013\u2022\u25cf\u25aa*(" or c.isdigit() or s[1:2] == ")"


CONTINUES = re.compile(r"[.,;:)\]]")     # a line opening with these continues its sentence
DIGIT_RUN = re.compile(r"\d+")
RUNNING_TEXT = re.compile(r"[^A-Za-z\u00c0-\u024f\u0400-\u04ff]")
STRONG_TITLE = re.compile(r"^\s*(?:chapter|part|section)\s+(?:\d{1,3}|[ivxlc]{1,6})\b", re.I)
CAPS_TITLE = re.compile(r"^\s*[A-Z][A-Z'\u2019-]+(?:,? [A-Z][A-Z'\u2019-]*){1,10}\s*$")
# a line of a citation (a note's run-on line): a URL or its tail, `[Electronic resource]`, `URL:`, `//`
CITATION_LINE = re.compile(r"https?://|www\.|^\S*[-/]\S*/\s*$|\[Electronic|\bURL:|\s//\s|^/ |^// |\.\s[-\u2013]\s")
RULE_LINE = re.compile(r"^[ \f]*(?:_{3,}|[\u2014\u2015\u2500]{3,})[ \f]*$")
SENT_END = re.compile(r"""(?:[.!?][\"'\u201d\u2019)\]]*(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3}|\*{1,4}|[\u2020\u2021])?|[\"'\u201d)]\d{1,3}\s?\.?|\.{3}[\"'\u201d]?)$""")
FIRST_WORD = re.compile(r"\S+")
RUN = re.compile(r"[TW]+")
SPACE = 25            # width of a space
SLACK = 20            # width tolerance
SHORT_NO_STOP = 600   # how short a line without final punctuation must be to end a paragraph

# Times-Roman advance widths (1/1000 em) / 10, for ASCII; anything else 50.
_TIMES = {
    " ": 250, "!": 333, '"': 408, "#": 500, "$": 500, "%": 833, "&": 778, "'": 180, "(": 333,
    ")": 333, "*": 500, "+": 564, ",": 250, "-": 333, ".": 250, "/": 278, ":": 278, ";": 278,
    "<": 564, "=": 564, ">": 564, "?": 444, "@": 921, "[": 333, "\\": 278, "]": 333, "^": 469,
    "_": 500, "`": 333, "{": 480, "|": 200, "}": 480, "~": 541,
    "A": 722, "B": 667, "C": 667, "D": 722, "E": 611, "F": 556, "G": 722, "H": 722, "I": 333,
    "J": 389, "K": 722, "L": 611, "M": 889, "N": 722, "O": 722, "P": 556, "Q": 722, "R": 667,
    "S": 556, "T": 611, "U": 722, "V": 722, "W": 944, "X": 722, "Y": 722, "Z": 611,
    "a": 444, "b": 500, "c": 444, "d": 500, "e": 444, "f": 333, "g": 500, "h": 500, "i": 278,
    "j": 278, "k": 500, "l": 278, "m": 778, "n": 500, "o": 500, "p": 500, "q": 500, "r": 333,
    "s": 389, "t": 278, "u": 500, "v": 500, "w": 722, "x": 500, "y": 500, "z": 444,
}
_WIDTH_TABLE = bytes((_TIMES.get(chr(i), 500 if chr(i).isdigit() else 500) + 5) // 10 if i < 128 else 50
                     for i in range(256))


# The sum of a short string's glyph widths is read off its Adler-32 checksum, computed in C: the low
# half is 1 + the byte sum modulo 65521, exact while the sum stays below 65520.
_ADLER_MAX_LEN = 65519 // max(_WIDTH_TABLE)


def width(s: str) -> int:
    """Estimated printed width of `s` (Times-Roman, 1/100 em)."""
    b = s.encode("latin-1", "replace").translate(_WIDTH_TABLE)
    return (adler32(b) & 0xFFFF) - 1 if len(b) <= _ADLER_MAX_LEN else sum(b)


_WIDTH_TABLE_NL = _WIDTH_TABLE[:10] + b"\x00" + _WIDTH_TABLE[11:]    # a line break as 0 (no glyph is)


def widths(strings: list[str]) -> list[int]:
    """[width(s) for s in strings] (strings without line breaks), with one encode and translate."""
    if not strings:
        return []
    parts = "\n".join(strings).encode("latin-1", "replace").translate(_WIDTH_TABLE_NL).split(b"\x00")
    return [(adler32(b) & 0xFFFF) - 1 if len(b) <= _ADLER_MAX_LEN else sum(b) for b in parts]


def _shape(line: str) -> int:
    if not line:
        return E
    return T if line.strip() else W


def _lead(line: str) -> bool:
    # a leading space marks a page's first line; so does a form feed (pdftotext's page break)
    return line[:1] in (" ", "\u00a0", "\f")


def _deep(line: str) -> bool:
    """An indent of two spaces or more (or a tab) before text: a paragraph's first-line indent in
    a book that indents paragraphs, where pdftotext's page-start mark is a single space."""
    return line[:1] == "\t" or line[:2] in ("  ", " \t", " \u00a0")


def _ends_sentence(s: str) -> bool:
    s = s.rstrip()
    if s[-1:].isalpha() or s[-1:] in ",;:-":
        return False
    return bool(SENT_END.search(s.rstrip("\ufffd").rstrip()[-12:]))


def kinds_body(kinds: list[str], i: int) -> bool:
    return kinds[i] == BODY


def _unfinished(s: str) -> bool:
    """A footnote line that cannot be the end of its note."""
    s = s.rstrip()
    if not s:
        return False
    if s.endswith(("URL:", "-", ",", ":", "//", "/ ", "[Electronic", "resource]")):
        return True
    return not re.search(r"[.!?)\]\"'/\d]$|\.html?$|\.pdf$|\.aspx?$", s)


class _Analysis:
    def __init__(self, text: str, ctx):
        self.ctx = ctx
        self.lines = lines = text.split("\n")
        self.n = len(lines)
        # the lines stripped (a form feed put before a page's first line below changes nothing here)
        self.stripped = stripped = [ln.strip() for ln in lines]
        self.shape = shape = "".join([T if s else (W if ln else E) for s, ln in zip(stripped, lines)])
        self.kinds = [BODY if s == T else BLANK for s in shape]
        self.drop: dict[int, tuple[str, str]] = {}
        self.has_ff = "\f" in text      # pdftotext's page breaks are kept
        if self.has_ff:
            # a form feed on a line of its own marks the next text line as the page's first
            # (this copy of the lines is only looked at; a label's length excludes the lead)
            sl = list(shape)
            for i, ln in enumerate(lines):
                if "\f" in ln and not ln.strip():
                    sl[i] = E
                    j = i + 1
                    while j < len(lines) and not lines[j].strip():
                        sl[j] = E if sl[j] == W else sl[j]
                        j += 1
                    if j < len(lines) and not lines[j].startswith("\f"):
                        lines[j] = "\f" + lines[j]
            self.shape = shape = "".join(sl)
        if "__" in text or "\u2014\u2014" in text or "\u2500" in text:
            # a footnote separator drawn as a rule (`________`): a separator line like one of spaces
            rules = [i for i, ln in enumerate(lines) if RULE_LINE.match(ln)]
            if rules:
                sl = list(shape)
                for i in rules:
                    sl[i] = W
                    self.kinds[i] = SEPARATOR
                    self.drop[i] = ("LY002", "footnote separator")
                self.shape = shape = "".join(sl)
        self.starts: set[int] = set()
        self.prefix: dict[int, tuple[int, str, str]] = {}
        self.page_joins: set[int] = set()
        self.page_starts: set[int] = set()    # body lines that begin a page
        self.pieces: list[NotePiece] = []
        self.notes_found: dict[int, int] = {}
        self.last_note: int = 0     # the last note number as printed (the current numbering run)
        self.base: int = 0          # notes numbered before this run (numbering that starts again)
        self.bases: list[tuple[int, int]] = []   # (first line, base) where a new numbering run starts
        # note symbols (`*`, `**`, `†`) the body prints glued after a word: notes may be marked so
        self.symbols = set(SYMBOL_REF.findall(text)) if ("*" in text or "\u2020" in text) else set()
        self.open_piece: NotePiece | None = None   # the note a footnote area ended in
        self.area_open = False                      # the last run ended inside a footnote area
        self.had_area = False
        self.stats = {"layout.pages": 0, "layout.notes": 0, "layout.fragments": 0,
                      "layout.duplicate_notes": 0, "layout.titles": 0, "layout.page_numbers": 0}
        # double-spaced: a long (body) line that stops mid-sentence is followed by one empty
        # line and more text, rather than directly by the next line (a line that ends a
        # sentence before an empty line ends a paragraph: single-spaced books set paragraphs
        # apart so, and a book of short paragraphs has many)
        n = self.n
        direct = spaced = 0
        for i, ln in enumerate(lines):
            if len(ln) > 50 and i + 2 < n and shape[i - 1] != W and "://" not in ln:
                if shape[i + 1] == T:
                    direct += 1
                elif shape[i + 1:i + 3] == E + T and not _ends_sentence(ln):
                    spaced += 1
        # a book that sets paragraphs off by a first-line indent: most lines indented by two
        # spaces or more follow a sentence end (or open the text)
        deep = [i for i, ln in enumerate(lines) if ln[:1] in ("\t", " ") and _deep(ln) and ln.strip()]
        after_end = sum(1 for i in deep if i == 0 or not lines[i - 1].strip() or _ends_sentence(lines[i - 1]))
        self.indented = len(deep) >= 3 and after_end >= 0.6 * len(deep)
        if spaced + direct < 3:
            # a short text: look at every line (a title is not evidence of spacing); a text line
            # directly followed by another one is evidence against double spacing as strong as
            # one set off by an empty line
            spaced = sum(1 for i in range(n - 2) if shape[i:i + 3] == T + E + T
                         and not _ends_sentence(lines[i])
                         and (len(lines[i].strip()) > 40 or lines[i + 2].lstrip()[:1].islower()
                              or lines[i + 2].lstrip()[:1].isdigit()))
            direct = sum(1 for i in range(n - 1) if shape[i:i + 2] == T + T)
            self.double = spaced > direct
        else:
            self.double = spaced > 0 and 2 * spaced >= direct

    # -- helpers ---------------------------------------------------------
    def next_nonempty(self, i: int) -> int:
        n, shape = self.n, self.shape
        while i < n and shape[i] == E:
            i += 1
        return i

    def prev_nonempty(self, i: int) -> int:
        shape = self.shape
        while i >= 0 and shape[i] == E:
            i -= 1
        return i

    def is_page_number(self, i: int) -> bool:
        return self.kinds[i] == PAGE_NUMBER

    # -- step 1: page numbers -------------------------------------------------
    def find_page_numbers(self) -> None:
        lines, shape, n = self.lines, self.shape, self.n
        # text lines of at most 10 characters (the length test runs in C)
        short = [i for i in compress(range(n), map((11).__gt__, map(len, lines))) if shape[i] == T]
        for i in short:
            line = lines[i]
            if not PAGE_NO.match(line):
                continue
            empties = 0
            j = i - 1
            while j >= 0 and shape[j] != T:
                empties += shape[j] == E
                j -= 1
            after_ok = i + 1 >= n or shape[i + 1] != T
            # next to a form feed (pdftotext's page break) a number alone is the page's number,
            # at the page's foot or at its top
            at_ff = "\f" in line or (i + 1 < n and lines[i + 1][:1] == "\f") or (i > 0 and "\f" in lines[i - 1])
            at_ff = at_ff or (i > 0 and self.has_ff and self.next_nonempty(i + 1) >= n)   # the last page's number
            if at_ff or (after_ok and (empties >= 2 or j < 0)):
                self.kinds[i] = PAGE_NUMBER
                self.drop[i] = ("LY001", "page number")
                self.stats["layout.page_numbers"] += 1
        # a number alone at a page's top (after an empty line, right before text) or foot (right
        # after text, before an empty line): a page number when the neighbouring ones count on
        seps = list(compress(range(n), map(SEPARATOR.__eq__, self.kinds)))    # rules drawn above footnotes
        cands = [i for i in short
                 if self.kinds[i] == BODY and PAGE_NO.match(lines[i])
                 and ((i == 0 or shape[i - 1] == E) or (i + 1 >= n or shape[i + 1] == E)
                      # or set solid between the notes under a footnote rule and the next page
                      or (seps and 0 < i - seps[max(0, bisect_left(seps, i) - 1)] <= 30))]
        values = [int(PAGE_NO.match(lines[i]).group(1)) for i in cands]
        for k, i in enumerate(cands):
            if (k > 0 and 0 < values[k] - values[k - 1] <= 3) or (
                    k + 1 < len(cands) and 0 < values[k + 1] - values[k] <= 3):
                self.kinds[i] = PAGE_NUMBER
                self.drop[i] = ("LY001", "page number")
                self.stats["layout.page_numbers"] += 1

    def find_running_heads(self) -> None:
        """Running headers and footers: a short line printed the same on many pages.

        The book or chapter title at a page's top or foot, often with the page
        number (`12 Belarus and Asia`, `Belarus and Asia 13`).  A line counts
        when it recurs (digits aside) at least four times (three with a page
        number that counts on) and, in most places, carries a page number at an
        end or stands next to a page break (a form feed or a page number).  It is treated like a page number: page
        furniture, removed (LY003).
        """
        lines, shape, kinds, n = self.lines, self.shape, self.kinds, self.n
        stripped = self.stripped
        cands = [i for i, s in enumerate(stripped) if 12 <= len(s) <= 90 and kinds[i] == BODY and len(lines[i]) <= 100]
        # A line's key is its stripped text with every digit run as `#`; only keys found four times
        # count.  Lines whose key is equal are equal without digits, `#` and non-Latin-1 characters
        # (`?` in the encoding), so a count of those cheap forms picks the few lines worth keying.
        rough = "\n".join([stripped[i] for i in cands]).encode("latin-1", "replace") \
            .translate(None, b"0123456789#?").split(b"\n")
        counts = Counter(rough)
        keyed: dict[str, list[int]] = {}
        for i, r in zip(cands, rough):
            if counts[r] >= 3:
                keyed.setdefault(DIGIT_RUN.sub("#", stripped[i]), []).append(i)
        for key, occ in keyed.items():
            numbered = key.startswith("# ") or key.endswith(" #")
            # four times, or three with the page numbers counting on (a short book)
            if len(occ) < (3 if numbered else 4) or len(RUNNING_TEXT.sub("", key)) < 10:
                continue
            if "#" in (key[2:] if key.startswith("# ") else key[:-2] if numbered else key):
                continue    # numbers inside the line: a note or a table row (`Ibid. P. 5.`), not furniture
            if numbered:
                # page numbers count on page by page (1 or 2 apart: one header for odd, one for even
                # pages); the same note printed under several numbers does not (`17 Ivanov, op. cit.`)
                nums = [int(DIGIT_RUN.search(lines[i].strip()[:6] if key.startswith("# ")
                                             else lines[i].strip()[-6:]).group()) for i in occ]
                steps = [b - a for a, b in zip(nums, nums[1:])]
                numbered = 4 * sum(1 for d in steps if d in (1, 2)) >= 3 * len(steps)
                if not numbered and (key.startswith("# ") or len(occ) < 4):
                    continue    # `N text` whose numbers do not count on: notes, not a header
            edge = 0
            for i in occ:
                near = [j for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
                if numbered or "\f" in lines[i] or any("\f" in lines[j] or kinds[j] == PAGE_NUMBER for j in near):
                    edge += 1
            if 2 * edge < len(occ):
                continue
            for i in occ:
                kinds[i] = PAGE_NUMBER      # page furniture, like a page number
                self.drop[i] = ("LY003", "running header or footer")
                self.stats["layout.running_heads"] = self.stats.get("layout.running_heads", 0) + 1

    # -- footnote areas ----------------------------------------------------------
    def note_number(self, line: str) -> tuple[int | None, int, bool]:
        """(number, label length, garbled) if `line` can head a note, else (None, 0, False)."""
        m = NOTE_HEAD.match(line)
        if m:
            num = int(m.group(1).translate(SUPERSCRIPT_DIGITS))   # `¹ Text`: a superscript label
            lead = len(line) - len(line.lstrip())
            last = self.last_note
            if last < num <= last + 40 or (num == 1 and last >= 1) or (last == 0 and num > 0):
                return num, m.end() - lead, False
            if (self.base + num in self.notes_found or num == 1) and num >= last - 1 \
                    and re.match(r"[A-Z\"'«]", line[m.end():]):
                return num, m.end() - lead, False
            return None, 0, False
        if self.symbols:
            m = NOTE_SYMBOL.match(line)
            if m and m.group(1) in self.symbols:
                # a note marked with a symbol (`* Text`, `** Text`, `† Text`): its place on the page
                return symbol_value(m.group(1)), m.end() - (len(line) - len(line.lstrip())), False
        return None, 0, False

    def garbled_number(self, line: str, nxt: int | None) -> int | None:
        """The number of a note printed with a garbled label (`9. Text` between 285 and 287)."""
        if nxt is None or not NOTE_HEAD_GARBLED.match(line):
            return None
        if self.last_note:
            return self.last_note + 1 if nxt == self.last_note + 2 else None
        return nxt - 1 if nxt > 1 else None

    def chain(self, num: int, a: int, b: int) -> bool:
        """Is the note head `num` on line a followed, in lines a..b, by the next few note numbers?"""
        nxt = self.head_ahead(list(range(a, b + 1)), 0)
        return nxt is not None and num < nxt <= num + 2

    def head_ahead(self, area: list[int], k: int) -> int | None:
        """The number of the next regular note head after position k in `area`."""
        for idx in area[k + 1:]:
            m = NOTE_HEAD.match(self.lines[idx])
            if m:
                return int(m.group(1).translate(SUPERSCRIPT_DIGITS))
        return None

    def add_piece(self, number: int | None, first: int, continuation: bool = False) -> NotePiece:
        piece = NotePiece(number, first, first, continuation)
        self.pieces.append(piece)
        return piece

    def drop_fragment(self, i: int, why: str) -> None:
        self.kinds[i] = DROPPED
        self.drop[i] = ("LY005", why)

    def footnote_area(self, area: list[int], top: bool, current: NotePiece | None = None) -> None:
        """Classify the lines of one footnote area (in order).

        `top`: the area starts a page's footnote block (after a separator or
        after the page's last body line), so a headless first line continues the
        previous page's last note when that note is unfinished.
        """
        lines, kinds = self.lines, self.kinds
        fragment = False
        self.had_area = True
        heads = 0
        for k, i in enumerate(area):
            line = lines[i]
            if self.shape[i] != T or kinds[i] == PAGE_NUMBER:
                continue
            num, label, _ = self.note_number(line)
            garbled = False
            if num is None:
                m = NOTE_HEAD_GARBLED.match(line)
                g = self.garbled_number(line, self.head_ahead(area, k)) if m else None
                if g is not None:
                    num, label, garbled = g, m.end(), True
            if num is not None:
                first = self.notes_found.get(self.base + 1)
                if num == 1 and self.last_note >= 1 and not heads and (
                        first is None or lines[first].strip() != line.strip()):
                    # (the same note 1 printed again is a duplicate, not a new numbering)
                    # the numbering starts again (per page or per chapter): N counts through the
                    # book, so this run's numbers follow the last one; the body text after the
                    # previous footnote area is numbered the same way (FN010 reads note_bases)
                    self.base += self.last_note
                    self.last_note = 0
                    self.bases.append(((self.pieces[-1].last + 1) if self.pieces else 0, self.base))
                heads += 1
                local, num = num, self.base + num
                if num in self.notes_found:
                    self.stats["layout.duplicate_notes"] += 1
                else:
                    self.notes_found[num] = i
                current = self.add_piece(num, i)
                fragment = False
                kinds[i] = NOTE
                if garbled:
                    self.prefix[i] = (label, f"[^{num}]: ", "LY006")
                else:
                    self.prefix[i] = (label, f"[^{num}]: ", "FN001")
                self.last_note = max(self.last_note, local)
                continue
            if _lead(line):
                # a page's first line is the only one printed with a leading space:
                # a headless line with one is the tail of a lost note
                tail = line.strip()
                if (current is not None and not fragment and TOKEN_URL_TAIL.match(tail)
                        and not URL_START.match(tail) and ("-" in tail or "/" in tail)
                        and (lines[current.last].rstrip().endswith("URL:")
                             or not any(URL_START.search(lines[j]) for j in range(current.first, current.last + 1)))):
                    # the tail of this note's URL (its start was lost): kept with the note
                    current.last = i
                    kinds[i] = NOTE
                    continue
                fragment = True
                current = None
                self.drop_fragment(i, "headless footnote fragment (number lost)")
                self.stats["layout.fragments"] += 1
                continue
            if fragment:
                self.drop_fragment(i, "headless footnote fragment (number lost)")
                continue
            if current is not None:
                current.last = i
                kinds[i] = NOTE
                continue
            # headless line at the top of a block: the previous page's last note runs on
            prev = self.pieces[-1] if self.pieces else None
            if top and prev is not None and prev.number is not None and _unfinished(lines[prev.last]):
                current = self.add_piece(prev.number, i, continuation=True)
                kinds[i] = NOTE
                continue
            fragment = True
            self.drop_fragment(i, "headless footnote fragment (number lost)")
            self.stats["layout.fragments"] += 1
        self.open_piece = None if fragment else current

    # -- titles --------------------------------------------------------------------
    @staticmethod
    def title_like(line: str, first: bool) -> bool:
        s = line.strip()
        if not s or len(s) > 110 or URL_START.search(s):
            return False
        if first and (not (s[0].isupper() or s[0] in "\"'«") or LIST_ITEM.match(s)):
            return False
        if s.endswith((".", ";", "!", "?")) and not s.endswith("..."):
            return False
        return True

    def mark_title(self, first: int, last: int) -> None:
        for i in range(first, last + 1):
            if self.shape[i] == T:
                self.kinds[i] = HEADING
        self.starts.add(first)
        self.prefix[first] = (0, "# ", "LY020")
        self.stats["layout.titles"] += 1

    # -- step 2a: double-spaced pages ------------------------------------------------
    def pages_double(self) -> None:
        lines, shape, n = self.lines, self.shape, self.n
        prev_was_pageno = True      # file start behaves like a page start
        spacer = -1
        kinds = self.kinds
        for m in RUN.finditer(shape):
            a, b = m.start(), m.end() - 1       # run a..b of non-empty lines
            if a == b:
                if kinds[a] == PAGE_NUMBER:
                    prev_was_pageno = True
                    continue
                # the common case: one body line followed by an empty line
                if (shape[a] == T and not _lead(lines[a]) and shape[b + 1:b + 3] != E + W
                        and not prev_was_pageno and not self.area_open):
                    continue
            after = self.next_nonempty(b + 1)
            before_pageno = after < n and self.kinds[after] == PAGE_NUMBER
            # a title ends with a line of spaces (right after it, or after one empty line)
            if a == spacer:
                # the line of spaces after a title: what follows is body text
                while a <= b and shape[a] == W:
                    a += 1
                if a > b:
                    continue
            ends_title = (shape[b] == W and b > a) or (
                shape[b] == T and b + 2 < n and shape[b + 1] == E and shape[b + 2] == W)
            tend = b if shape[b] == T else b - 1
            while tend >= a and shape[tend] != T:
                tend -= 1
            title_first = None
            if ends_title and tend >= a:
                for k in range(tend, max(a, tend - 2) - 1, -1):
                    if not self.title_like(lines[k], False):
                        break
                    if _lead(lines[k]) and self.title_like(lines[k], True) and not NOTE_HEAD.match(lines[k]):
                        title_first = k
                        break
                    if k == a and prev_was_pageno and self.title_like(lines[k], True):
                        title_first = k
                        break
            prev_was_pageno = False
            # a note with an empty line inside runs on into this run
            piece = self.open_piece if self.area_open else None
            self.area_open = False
            self.had_area = False
            if (piece is not None and title_first is None and shape[a] == T and not _lead(lines[a])
                    and (_unfinished(lines[piece.last])
                         # double-spaced notes: the next note, or a citation's next line, after an empty line
                         or (self.note_number(lines[a])[0] == self.last_note + 1 and self.last_note)
                         or (a == b and CITATION_LINE.search(lines[a]) is not None))):
                end = b
                if shape[b] == T and not before_pageno and after < n and _lead(lines[b]) and b > a:
                    end = b - 1
                self.footnote_area(list(range(a, end + 1)), top=False, current=piece)
                if end < b:
                    self.page_start(b)
                else:
                    self.area_open = not before_pageno
                continue
            if title_first is not None:
                self.mark_title(title_first, tend)
                if shape[b] == T:
                    spacer = b + 2
                if title_first > a:
                    self.run_head(a, title_first - 1, page_start=None)
                for k in range(tend + 1, b + 1):
                    if shape[k] == W:
                        self.kinds[k] = BLANK
                continue
            if a == b:
                if shape[a] == T and _lead(lines[a]) and a > 0 and shape[a - 1] == E:
                    # a page start after an empty line (its footnotes were lost)
                    self.page_start(a)
                continue
            page_start = None
            if shape[b] == T and not before_pageno and after < n and shape[b + 1] == E:
                tail = lines[b].strip()
                if (_lead(lines[b]) or shape[a] == T or not NOTE_HEAD.match(lines[b])) and not (
                        " " not in tail and TOKEN_URL_TAIL.match(tail) and ("/" in tail or "-" in tail)):
                    page_start = b
            self.run_head(a, b if page_start is None else b - 1, page_start)
            if page_start is not None:
                self.page_start(page_start)
            elif self.had_area and not before_pageno:
                self.area_open = True

    def run_head(self, a: int, b: int, page_start: int | None) -> None:
        """Lines a..b of a double-spaced run (without its page start or title)."""
        shape = self.shape
        if a > b:
            return
        if shape[a] == W:
            # separator (or filler) line(s) of spaces, then the footnote block
            k = a
            while k <= b and shape[k] == W:
                k += 1
            if k <= b:
                self.kinds[k - 1] = SEPARATOR
                self.drop[k - 1] = ("LY002", "footnote separator")
            self.footnote_area(list(range(k, b + 1)), top=True)
            return
        # a footnote block printed without its separator line
        num = self.note_number(self.lines[a])[0]
        if a < b and num is not None and (num == self.last_note + 1 or self.chain(num, a, b)):
            self.footnote_area(list(range(a, b + 1)), top=True)
            return
        # the run starts with the last body line of a page; the rest is footnotes
        if a + 1 <= b:
            self.footnote_area(list(range(a + 1, b + 1)), top=True)

    def page_start(self, i: int) -> None:
        self.page_starts.add(i)
        self.stats["layout.pages"] += 1

    # -- step 2b: single-spaced pages ------------------------------------------------
    def pages_single(self) -> None:
        lines, shape, n = self.lines, self.shape, self.n
        body_since = []   # text of body lines since the last footnote block (for reference checks)
        i = 0
        prev_pageno = True
        while i < n:
            if shape[i] != T:
                i += 1
                continue
            a = i
            while i < n and shape[i] == T:
                i += 1
            b = i - 1           # group a..b of consecutive text lines
            if a == b and self.kinds[a] == PAGE_NUMBER:
                prev_pageno = True
                continue
            k = a
            # a footnote block: a group that starts with a plausible note head and
            # runs to a page start, a page number, a title or the end of the text
            num, _, _ = self.note_number(lines[a])
            if num is None:
                num = self.garbled_number(lines[a], self.head_ahead(list(range(a, b + 1)), 0))
            sym = NOTE_SYMBOL.match(lines[a]) if self.symbols and num is not None else None
            sym = sym.group(1) if sym and not NOTE_HEAD.match(lines[a]) else None
            if num is not None and ((num == self.last_note + 1 and sym is None)
                                    or self.ref_seen(num, body_since, sym) or self.chain(num, a, b)):
                end = a
                while end + 1 <= b and not (_lead(lines[end + 1]) and not self.note_number(lines[end + 1])[0]) \
                        and self.kinds[end + 1] != PAGE_NUMBER:
                    end += 1
                # lines with a leading space directly followed by another one are fragments
                while end + 2 <= b and _lead(lines[end + 1]) and _lead(lines[end + 2]):
                    end += 1
                after = self.next_nonempty(b + 1)
                ok = end < b or after >= n or self.kinds[after] == PAGE_NUMBER or _lead(lines[after])
                if ok:
                    self.footnote_area(list(range(a, end + 1)), top=True)
                    body_since = []
                    k = end + 1
                    if k <= b:
                        self.page_start(k)
            elif prev_pageno and a > 0:
                self.page_start(a)
            elif _lead(lines[a]) and a > 0:
                self.page_start(a)
            prev_pageno = False
            # body lines of the group; a leading-space line inside the group starts a page
            while k <= b:
                # (a deeper indent is a paragraph's, a verse's or a table's, not pdftotext's mark)
                if k > a and _lead(lines[k]) and not _deep(lines[k]) and k not in self.page_starts:
                    if k + 1 <= b and _lead(lines[k + 1]):
                        self.drop_fragment(k, "headless footnote fragment among body lines")
                        self.stats["layout.fragments"] += 1
                        k += 1
                        continue
                    self.page_start(k)
                body_since.append(lines[k])
                k += 1
        self.single_titles()

    @staticmethod
    def ref_seen(num: int, body: list[str], sym: str | None = None) -> bool:
        if sym is not None:     # a symbol note: the symbol glued after a word in the body
            return any(sym in SYMBOL_REF.findall(s) for s in body[-60:])
        recent = body[-60:]
        rx = re.compile(rf"(?<![\d,.]\d)(?<!\d){num}(?!\d)")
        if any(rx.search(s) for s in recent):
            return True
        sup = str(num).translate(TO_SUPERSCRIPT)    # or printed as a superscript (`sea.¹`)
        if not any(sup in s for s in recent):
            return False
        sup_rx = re.compile(rf"(?<![{SUPERSCRIPTS}]){sup}(?![{SUPERSCRIPTS}])")
        return any(sup_rx.search(s) for s in recent)

    def single_titles(self) -> None:
        """Titles of single-spaced text: one-line parts at a page start.

        Inside a page, only a line set off by empty lines that names itself a
        title (`Chapter 2. ...`, `PART II`) or is set in capitals is one.
        """
        lines, shape, n, kinds = self.lines, self.shape, self.n, self.kinds
        inside = {i for i in range(1, n - 1)
                  if shape[i] == T and shape[i - 1] == E and shape[i + 1] == E and kinds[i] == BODY
                  and (STRONG_TITLE.match(lines[i]) or (lines[i].isupper() and CAPS_TITLE.match(lines[i])))}
        tops = set()
        for p in self.page_starts | {self.next_nonempty(0)}:
            # past a running header or page number at the page's top
            while p < n and (shape[p] != T or kinds[p] == PAGE_NUMBER):
                p += 1
            tops.add(p)
        for p in sorted(tops | inside):
            if p >= n or kinds[p] != BODY:
                continue
            if (p + 1 < n and shape[p + 1] == T) or not self.title_like(lines[p], True):
                continue
            if len(lines[p].strip()) > 80:
                continue
            parts = [p]
            j = self.next_nonempty(p + 1)
            while len(parts) < 3 and j < n and kinds[j] == BODY and (j + 1 >= n or shape[j + 1] != T):
                if not self.title_like(lines[j], False) or len(lines[j].strip()) > 80:
                    break
                parts.append(j)
                j = self.next_nonempty(j + 1)
            nxt = j
            # the title must be followed by a paragraph of several lines
            if nxt >= n or kinds[nxt] != BODY or not (nxt + 1 < n and shape[nxt + 1] == T):
                continue
            for q in parts:
                kinds[q] = HEADING
            self.starts.add(p)
            self.prefix[p] = (0, "# ", "LY020")
            self.stats["layout.titles"] += 1
            self.page_starts.discard(p)

    def block_titles(self) -> None:
        """A one-line block that names itself a title (`Chapter 2. ...`) or is set in capitals,
        followed by a paragraph, is a heading (double-spaced text prints no other sign of it)."""
        kinds, lines, starts = self.kinds, self.lines, self.starts
        body = [i for i in sorted(starts) if kinds[i] == BODY]
        for k, i in enumerate(body[:-1]):
            line = lines[i]
            if not (STRONG_TITLE.match(line) or (line.isupper() and CAPS_TITLE.match(line))):
                continue
            nxt = self.next_nonempty(i + 1)
            if not self.title_like(line, True) or len(line.strip()) > 80:
                continue
            second = None
            if nxt != body[k + 1]:
                # `Chapter 1` / `The Old Quays`: a numbered title's name on the line below it
                if not (STRONG_TITLE.match(line) and nxt == i + 1 and kinds[nxt] == BODY
                        and self.title_like(lines[nxt], True) and len(lines[nxt].strip()) <= 80
                        and not self.ends(nxt) and self.next_nonempty(nxt + 1) == body[k + 1]):
                    continue
                second, nxt = nxt, body[k + 1]
            after = [j for j in range(nxt + 1, min(self.n, nxt + 4)) if kinds[j] == BODY]
            if not after or after[0] in starts:
                continue        # the next block must be a paragraph of several lines
            kinds[i] = HEADING
            if second is not None:
                kinds[second] = HEADING     # joined to the title line: one heading
            self.prefix[i] = (0, "# ", "LY020")
            self.stats["layout.titles"] += 1

    # -- step 3: paragraphs ----------------------------------------------------------
    def w(self, i: int) -> int:
        """Width of line i (cached)."""
        v = self._w.get(i)
        if v is None:
            v = self._w[i] = width(self.stripped[i])
        return v

    def fw(self, i: int) -> int:
        """Width of line i's first word (cached)."""
        v = self._fw.get(i)
        if v is None:
            v = self._fw[i] = width(self.stripped[i].split(None, 1)[0])
        return v

    def ends(self, i: int) -> bool:
        v = self._ends.get(i)
        if v is None:
            v = self._ends[i] = _ends_sentence(self.lines[i])
        return v

    def line_measures(self, body: list[int]) -> None:
        """Fill the cache of ends for the body lines, in bulk (w and fw fill theirs when asked)."""
        lines = self.lines
        self._w, self._fw = {}, {}      # (widths are needed for some lines only: computed when asked)
        # _ends_sentence, its quick test inline
        rs = [lines[i].rstrip() for i in body]
        self._ends = dict(zip(body, [
            False if (r[-1:].isalpha() or r[-1:] in ",;:-") else bool(SENT_END.search(r.rstrip("\ufffd").rstrip()[-12:]))
            for r in rs]))

    def fill_widths(self, full: list[int], first_word: list[int]) -> None:
        """Fill the caches of w (lines `full`) and fw (lines `first_word`) in bulk."""
        stripped, cw, cf = self.stripped, self._w, self._fw
        todo = [i for i in dict.fromkeys(full) if i not in cw]
        cw.update(zip(todo, widths([stripped[i] for i in todo])))
        todo = [i for i in dict.fromkeys(first_word) if i not in cf]
        cf.update(zip(todo, widths([stripped[i].split(None, 1)[0] for i in todo])))

    def measures(self, body: list[int]) -> tuple[int, int]:
        """(full measure, first-line measure) of the book's body lines, in width units.

        A wrapped line plus the next line's first word overflows the measure;
        the lower tail of those overflows (mid-sentence wraps) gives the full
        measure.  Lines after a certain paragraph end are first lines; their
        widths give the narrower measure of an indented first line.  A sample
        of the line pairs is enough.
        """
        # (the cache of ends holds every body line: see line_measures)
        lines, w, fw, ends = self.lines, self.w, self.fw, self._ends
        pairs = list(zip(body, body[1:]))
        step = max(1, len(pairs) // 1200)
        sample = pairs[::step]
        page_starts = self.page_starts
        self.fill_widths([a for a, _ in sample], [b for _, b in sample])
        cw, cf = self._w, self._fw     # (filled for the sample)
        over = sorted([cw[a] + SPACE + cf[b] for a, b in sample if b not in page_starts and not ends[a]])
        if len(over) < 20:
            self.reliable = False
            full = max(w(i) for i in body) + 60
            return full, full - 250
        full = over[int(len(over) * 0.1)] - 25
        first = []
        after_end = [(a, b) for a, b in pairs if ends[a] and not ends[b]]
        self.fill_widths([x for pair in after_end for x in pair], [b for _, b in after_end])
        for a, b in after_end:
            if lines[a].endswith("  ") or cw[a] + SPACE + cf[b] < full - 400:
                first.append(cw[b])
        if len(first) >= 10:
            first.sort()
            return full, min(full - 100, first[int(len(first) * 0.95)] + 15)
        return full, full - 250

    def paragraphs(self) -> None:
        lines, kinds, n = self.lines, self.kinds, self.n
        body = [i for i in range(n) if kinds[i] == BODY]
        if not body:
            return
        self.line_measures(body)
        self.reliable = True
        self.full, self.first = self.measures(body)
        breakers = (PAGE_NUMBER, NOTE, SEPARATOR, DROPPED)
        stripped = self.stripped
        starts, page_starts = self.starts, self.page_starts
        # single-spaced text whose paragraphs are not set off by empty lines: judge them by widths
        blank_gaps = sum(1 for a, b in zip(body, body[1:]) if b == a + 2 and self.shape[a + 1] == E)
        by_width = self.double or (len(body) >= 8 and blank_gaps * 50 < len(body))
        prev = None
        for pos, i in enumerate(body):
            if prev is None:
                starts.add(i)
                prev = i
                continue
            page_break = i in page_starts
            if i > prev + 2:
                between = kinds[prev + 1:i]
                if HEADING in between:
                    starts.add(i)
                    prev = i
                    continue
                page_break = page_break or any(k in breakers for k in between)
            if by_width or page_break:
                nxt = body[pos + 1] if pos + 1 < len(body) else None
                brk = self.breaks(prev, i, nxt, page_break)
            else:
                # single-spaced: an empty line between two lines ends a paragraph
                brk = i > prev + 1 and not CONTINUES.match(lines[i].lstrip())
            if (not brk and _may_list(stripped[i]) and LIST_START.match(lines[i])
                    and lines[prev].rstrip().endswith((":", ";", "."))
                    and self.w(prev) + SPACE + self.fw(i) <= self.full - SLACK):
                # a list item (`- ...`, `2) ...`) after a short item or lead-in: one block each
                # (an enumeration run on in a sentence fills its lines: `...; b) x;` / `c) y`)
                brk = True
            if not brk and self.indented and _deep(lines[i]) and not lines[prev].rstrip().endswith("-"):
                brk = True          # the book indents the first line of a paragraph
            if brk:
                starts.add(i)
            elif page_break:
                self.page_joins.add(i)
            prev = i

    def breaks(self, a: int, b: int, c: int | None, page_break: bool = False) -> bool:
        """Does a paragraph end between body lines a and b (c: the line after b)?"""
        la, lb = self.lines[a], self.lines[b]
        sb = lb.lstrip()
        if not sb or sb[0].islower() or sb[0] in ".,;:)]":
            return False
        if la.endswith("  "):
            return True
        if self.ends(a) and (STRONG_TITLE.match(lb) or (lb.isupper() and CAPS_TITLE.match(lb))) \
                and self.title_like(lb, True) and not (c is not None and self.lines[c].isupper()) \
                and (c is None or self.w(b) + SPACE + self.fw(c) < self.full - SLACK):   # not wrapped
            return True             # a title line (`Chapter 2. ...`, capitals) starts its own block
        full, first, w = self.full, self.first, self.w
        measure = first if a in self.starts else full
        if not self.ends(a):
            # a visibly short line that ends without punctuation (a lost final period)
            if len(la) > 50 or la.rstrip().endswith((",", "-", ":", ";")) or not self.reliable:
                return False
            return w(a) + SPACE + self.fw(b) < measure - SHORT_NO_STOP
        if w(a) + SPACE + self.fw(b) <= measure - SLACK:
            return True             # the next word would have fitted: the line was not wrapped
        wb = w(b)
        if c is not None and kinds_body(self.kinds, c):
            over_b = wb + SPACE + self.fw(c)
            # b was wrapped at the narrower measure of an indented first line
            if wb <= first + SLACK and first - SLACK < over_b <= full:
                return True
        if page_break:
            # across a page break a sentence end followed by a line no wider than an
            # indented first line is taken as a paragraph end
            return wb <= first
        return False

    # -- run ---------------------------------------------------------------------------
    def run(self) -> LayoutPlan:
        self.find_page_numbers()
        self.find_running_heads()
        if self.double:
            self.pages_double()
        else:
            self.pages_single()
        self.paragraphs()
        self.block_titles()
        pieces = sorted(self.pieces, key=lambda p: (p.number if p.number is not None else 10 ** 9,
                                                    p.continuation, p.first))
        self.stats["layout.notes"] = len(self.notes_found)
        stats = self.ctx.facts.setdefault("stats", {}) if self.ctx is not None else {}
        stats.update(self.stats)
        if self.bases and self.ctx is not None:
            self.ctx.facts["note_bases"] = self.bases
        if self.symbols and self.ctx is not None and self.notes_found:
            self.ctx.facts["note_symbols"] = sorted(self.symbols)
        plan = LayoutPlan("pdftotext", self.kinds, drop=self.drop, starts=self.starts, notes=pieces,
                          prefix=self.prefix, page_joins=self.page_joins, notes_found=self.notes_found)
        return plan


@analyzer("pdftotext")
def analyze_pdftotext(text: str, ctx) -> LayoutPlan:
    """Plan the layout of a pdftotext-style extraction (see the module doc)."""
    return _Analysis(text, ctx).run()
