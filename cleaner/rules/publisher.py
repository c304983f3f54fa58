"""Publisher boilerplate: running footers, stray cover words, imprint, contents, advertising.

What a publisher adds to a book is described by pack data, so a pack for
another publisher only lists its own phrases:

    [data]
    furniture = ["^\\s*FOR AUTHOR USE ONLY\\s*$"]    # whole lines (regex), dropped by the analyzers
    inline_furniture = ["FOR AUTHOR USE ONLY"]      # the same phrase glued into a text line
    cover_words = ["PUBLISHING"]                    # a cover word left at a line edge
    front_matter = ["\\bISBN\\b", ...]              # imprint-page markers (regex)
    toc_heading = ["^\\W*(?:Table of )?contents\\W*$"]
    back_matter = ["\\bMore\\s+Books\\b", ...]       # advertising markers (regex)

Line-level matter is found by `publisher_matter_lines(lines, ctx)`, which
every layout analyzer's plan gets merged in (cleaner/layout/__init__.py):
the lines it returns are dropped in pass A with their rule and reason.
This is the only search for front and back matter, for every input kind
(plain lines or Markdown); an analyzer that must know where the book's
text begins and ends asks `publisher_matter` for the bounds too (the
Markdown analyzer does), and both share one search per book.
The inline rules PB001 and PB002 catch what is left inside text lines.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, compress
from operator import add

from ..engine import Edit
from ..registry import declare, rule
from .variants import find_words

declare("PB010", "publisher-matter", "publisher", "safe", """
    Remove the publisher's matter: title and imprint pages, the table of contents, advertising at the end.

    Why: the imprint (ISBN, addresses, trademark notice), a table of contents
    with page numbers and the "More Books!" advertising pages are not part
    of the text.  They are found from pack data: imprint markers
    (`front_matter`) near the start, a contents heading (`toc_heading`)
    followed by lines ending in page numbers (or, in Markdown, naming the
    headings that follow), the title pages before it, and advertising
    markers (`back_matter`) or blocks in another language near the end
    (checked with langdetect, and only for blocks that look foreign).  One
    search serves every input kind.  Every removed line is in the change
    log with its reason.
    Example: `Imprint` / `ISBN 978-...` / `Contents` / `Introduction ..... 3` -> (removed).
    Safety: safe; only the first and last quarter of a book are searched.
    """, example=("Imprint\n\nISBN: 978-3-330-00000-0\n\nContents\n\nIntroduction ..... 3\n\n"
                  "Trade ......... 9\n\n# Introduction\n\nTrade grew.\n",
                  "# Introduction\n\nTrade grew.\n"))


def pack_patterns(ctx, *keys) -> list[re.Pattern]:
    """The regexes the packs list under these data keys, compiled case-insensitive (cached)."""
    out: list[str] = []
    for key in keys:
        value = ctx.data(key) if ctx is not None else None
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, str))
    return _compile(tuple(out))


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(p, re.I) for p in patterns]




def _strings(ctx, key) -> tuple[str, ...]:
    value = ctx.data(key) if ctx is not None else None
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in (value or ()) if isinstance(v, str))


MARKUP = re.compile(r"[*_#>`]+|<[^>\n]{1,40}>")
TOC_ENTRY = re.compile(r"(?:\.{3,}|\u2026|\t|[ ]{2,}|\s\.\s)\s*\.*\s*\d{1,4}\s*$")
DEFAULT_TOC_HEADING = r"^\W*(?:table\s+of\s+contents|contents)\W*$"
LINK_ONLY = re.compile(r"^\W*(?:(?:https?://|www\.|mailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\W*$", re.I)
WORDS = re.compile(r"[^\W\d_]+")
ENGLISH = frozenset("the a an and or of to in on for with by is are was were be this that it as at from "
                    "which has have its their not but".split())
FOREIGN = frozenset((
    "und der die das sie ihre ihr mit auf von zu zum zur für ist sind nicht ein eine einer den dem des im "
    "sich auch werden wir bei oder schnell bücher kaufen online weltweit dank "
    "le la les des et est pour dans une du sur avec vous votre nos aux "
    "el los las del y por con para su sus una al "
    "il di che gli della per non "
    "и в на с по для не что это как к от из").split())
MAX_MATTER_LINE = 400  # imprint lines and advertising markers stand in short lines
NOTE_START = re.compile(r"^\s*(?:\[\^\d+\]:|<sup>|\d{1,4}[.)]?\s)", re.I)
NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f]")
HEADING_LINE = re.compile(r"^\s*#{1,6}[ \t]+\S")  # a Markdown heading
HEADINGS = re.compile(r"^#{1,6}[ \t]+\S.*$", re.M)
# a short contents entry whose page number follows a plain space (`Introduction 3`), list numbering aside
TOC_PLAIN = re.compile(r"^(?:[-*+]|\d{1,3}[.)])?\s*(?P<t>[^.!?]{1,100}?)(?:\s+\d{1,4})?\s*$")
TOC_SPACED = re.compile(r"[^\W\d]\S*\s+\d{1,4}\s*$")


ASCII_PART = re.compile(r"[\x00-\x09\x0b-\x3e\x40-\x7f]+")   # ASCII but `?` and line breaks


def _plain(line: str) -> str:
    return MARKUP.sub("", line).strip()


def _toc_key(plain: str) -> str:
    """A contents entry's or a heading's title, for comparing the two (`2. Trade routes` -> `trade routes`)."""
    m = TOC_PLAIN.match(plain)
    return re.sub(r"\W+", " ", m.group("t")).strip().lower() if m else ""


class _Lines:
    """The book's lines, searched as one text (a Python loop over every line is too slow)."""

    def __init__(self, lines: list[str], text: str | None = None):
        self.lines = lines
        self.text = "\n".join(lines) if text is None else text
        self.starts = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))
        self.nonblank = list(compress(range(len(lines)), map(str.strip, lines)))
        self._lower: str | None = None
        self._ascii_lower: bytes | None = None
        # str.lower keeps the length of the text but for U+0130 (`İ` -> `i̇`); only it and the Kelvin
        # sign (U+212A -> `k`) lower to an ASCII letter from another character
        self.lower_resized = "\u0130" in self.text
        self._ascii_exact = not self.lower_resized and "\u212a" not in self.text

    def hits(self, patterns: list[re.Pattern], first: int = 0, last: int | None = None) -> set[int]:
        """Indices of the lines in [first, last] that one of the (line-level) patterns matches.

        A pattern with a literal every match must contain (`FOR AUTHOR USE ONLY`,
        `ISBN`) is only tried on the lines holding that literal, which keeps a
        whole-book search cheap; other patterns are run over the text once.
        """
        lines, starts = self.lines, self.starts
        last = len(lines) - 1 if last is None else min(last, len(lines) - 1)
        found: set[int] = set()
        if not patterns or first > last:
            return found
        lo, hi = starts[first], starts[last] + len(lines[last])
        scan = []
        find = self.find_lower
        for p in patterns:
            lit = _required_literal(p.pattern)
            if lit is None or self.lower_resized:
                scan.append(p.pattern)
                continue
            k = find(lit, lo, hi)
            while k != -1:
                i = bisect_right(starts, k) - 1
                if i not in found and p.search(lines[i]):
                    found.add(i)
                k = find(lit, starts[i] + len(lines[i]) + 1, hi)
        if scan:
            for rx in _multiline(tuple(scan)):
                for m in rx.finditer(self.text, lo, hi):
                    seg = m.group()
                    k = m.start() + len(seg) - len(seg.lstrip())  # a leading \s* may start on a blank line
                    if seg.strip():
                        found.add(bisect_right(starts, k) - 1)
        return found

    def block_hits(self, patterns: list[re.Pattern], first: int = 0) -> set[int]:
        """Lines from `first` on where a pattern matches across the lines of a block.

        A line and its non-blank neighbours are read as one line, markup as
        spaces, so a marker printed over two lines (`**More` / `Books!**`) is
        found, at the line where it starts.  Only the lines holding the
        longest word every match must contain are read this way.
        """
        lines, starts, n = self.lines, self.starts, len(self.lines)
        found: set[int] = set()
        if not patterns or first >= n:
            return found
        find = self.find_lower
        for p in patterns:
            word = _required_word(p.pattern)
            if word is None or self.lower_resized:
                windows = [(first, n - 1)]
            else:
                windows, k = [], find(word, starts[first])
                while k != -1:
                    i = bisect_right(starts, k) - 1
                    a = i - 1 if i > first and lines[i - 1].strip() else i
                    b = i + 1 if i + 1 < n and lines[i + 1].strip() else i
                    windows.append((a, b))
                    k = find(word, starts[i] + len(lines[i]) + 1)
            for a, b in windows:
                flat = MARKUP.sub(lambda m: " " * len(m.group()), " ".join(lines[a:b + 1]))
                for m in p.finditer(flat):
                    seg = m.group()
                    if seg.strip():
                        found.add(bisect_right(starts, starts[a] + m.start() + len(seg) - len(seg.lstrip())) - 1)
        return found

    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    def find_lower(self, sub: str, start: int, end: int | None = None) -> int:
        """`self.lower().find(sub, start, end)` for a lower-case `sub`, mostly without lowering the text.

        `start` is a line start and `end` a line end (or None).  An ASCII
        `sub` (without `?`) is found in the text encoded one byte a character
        (Latin-1, `?` for the rest) with its ASCII letters lowered: no other
        character lowers to an ASCII letter (checked), so the positions are
        the same.  Another `sub` is looked for, lowered, only in the lines
        holding its longest ASCII part (str.lower reads no context across a
        line break).
        """
        if self._ascii_exact and "\n" not in sub:
            if sub.isascii() and "?" not in sub:
                if self._ascii_lower is None:
                    self._ascii_lower = self.text.encode("latin-1", "replace").lower()
                return self._ascii_lower.find(sub.encode("ascii"), start, end)
            piece = max(ASCII_PART.findall(sub), key=len, default="")
            if len(piece) >= 3:
                lines, starts = self.lines, self.starts
                k = self.find_lower(piece, start, end)
                while k != -1:
                    i = bisect_right(starts, k) - 1
                    j = lines[i].lower().find(sub)
                    if j != -1:
                        return starts[i] + j
                    k = self.find_lower(piece, starts[i] + len(lines[i]) + 1, end)
                return -1
        return self.lower().find(sub, start, end)


@lru_cache(maxsize=64)
def _multiline(patterns: tuple[str, ...]) -> list[re.Pattern]:
    """One multi-line regex for all patterns (or one each, when a pattern has global inline flags)."""
    try:
        return [re.compile("|".join(f"(?:{p})" for p in patterns), re.I | re.M)]
    except re.error:
        return [re.compile(p, re.I | re.M) for p in patterns]


@lru_cache(maxsize=256)
def _required_literal(pattern: str) -> str | None:
    """The longest run of plain characters (lower case, 3 or more) that every match must contain."""
    try:
        from re import _parser as sre_parse  # Python >= 3.11
        from re._constants import LITERAL
    except ImportError:  # pragma: no cover
        return None
    try:
        parsed = sre_parse.parse(pattern, re.I)
    except Exception:
        return None
    best, run = "", []
    for op, av in list(parsed) + [(None, None)]:
        if op is LITERAL:
            run.append(chr(av))
            continue
        cand = "".join(run).lower()
        if len(cand) > len(best):
            best = cand
        run = []
    return best if len(best) >= 3 else None


@lru_cache(maxsize=256)
def _required_word(pattern: str) -> str | None:
    """The longest word (3 letters or more) of the pattern's required literal: it never runs over a line break."""
    words = re.findall(r"[^\W_]+", _required_literal(pattern) or "")
    best = max(words, key=len, default="")
    return best if len(best) >= 3 else None


def looks_foreign(line: str) -> bool:
    """A cheap test before langdetect: non-English function words or non-ASCII letters."""
    words = [w.lower() for w in WORDS.findall(line)]
    if len(words) < 4:
        return False
    foreign = sum(w in FOREIGN for w in words)
    english = sum(w in ENGLISH for w in words)
    letters = sum(len(w) for w in words)
    non_ascii = len(NON_ASCII_LETTER.findall(line))
    return (foreign >= 2 and foreign > english) or (letters > 0 and non_ascii / letters > 0.3)


def language(text: str) -> str:
    """The language langdetect finds (seeded, so the answer is stable); '' when it cannot tell."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(text)
    except LangDetectException:
        return ""


def _is_foreign(line: str, ctx) -> bool:
    """A block in another language than the book's (pack parameter PB010.language, default English)."""
    if not looks_foreign(line):
        return False
    own = ctx.params("PB010").get("language", "en") if ctx is not None else "en"
    lang = language(_plain(line))
    return bool(lang) and lang != own


def publisher_matter_lines(lines: list[str], ctx, text: str | None = None) -> dict[int, tuple[str, str]]:
    """Lines of publisher matter to drop: line index -> (rule code, reason).

    Any analyzer may call this; `cleaner.layout.analyze` merges the result
    into every plan's drop map (lines the analyzer already drops or reads
    as footnotes are left to it).  Whole-line running furniture (LY003, pack
    `furniture`), a line holding only a cover word (PB002), and the front
    and back matter (PB010) are returned, each only when its rule is on.
    `text`, when given, is "\n".join(lines) (saves joining them again).
    """
    return publisher_matter(lines, ctx, text)[0]


def publisher_matter(lines: list[str], ctx, text: str | None = None) -> tuple[dict[int, tuple[str, str]], int, int]:
    """(lines to drop, first line after the front matter, first line of the back matter).

    The book's text lies between the two bounds (0 and len(lines) when there
    is no front or back matter, or PB010 is off).  Found once per book: the
    answer is kept in `ctx.facts`, so an analyzer that needs the bounds and
    the merge of every plan share one search.
    """
    if ctx is None:
        return {}, 0, len(lines)
    if text is None:
        text = "\n".join(lines)
    cached = ctx.facts.get("publisher_matter")
    if cached is not None and cached[0] == text:
        return cached[1]
    out: dict[int, tuple[str, str]] = {}
    on = ctx.config.on
    book = _Lines(lines, text)
    if on("LY003"):
        for i in sorted(book.hits(pack_patterns(ctx, "furniture"))):
            if lines[i].strip():
                out[i] = ("LY003", "running header or footer")
    if on("PB002"):
        words = _strings(ctx, "cover_words")
        if words:
            rx = re.compile(r"^\W*(?:%s)\W*$" % "|".join(map(re.escape, words)))
            for i in sorted(book.hits([rx])):
                if _plain(lines[i]) in words:
                    out.setdefault(i, ("PB002", "stray cover word"))
    body_start, back_start = 0, len(lines)
    if on("PB010"):
        front = _front_matter(book, ctx)
        for i, reason in front.items():
            out.setdefault(i, ("PB010", reason))
        back = _back_matter(book, ctx, out)
        for i, reason in back.items():
            out.setdefault(i, ("PB010", reason))
        body_start = max(front, default=-1) + 1  # both are whole runs: from line 0, and to the last line
        back_start = min(back, default=len(lines))
    result = (out, body_start, back_start)
    ctx.facts["publisher_matter"] = (text, result)
    return result


def _front_matter(book: _Lines, ctx) -> dict[int, str]:
    """Title and imprint pages and the table of contents, searched in the first quarter of the book.

    A contents heading (pack `toc_heading`) followed by two entries or more
    makes a table of contents, and every line before it is a title or
    imprint page.  Without one, the imprint ends with the paragraph of its
    last marker (pack `front_matter`, two markers or more) or, where the
    lines carry Markdown headings, at the first heading after its last
    marker -- never past the middle of the book.
    """
    lines, nonblank = book.lines, book.nonblank
    if not nonblank:
        return {}
    limit = nonblank[min(len(nonblank) - 1, max(len(nonblank) // 4, 12))]
    for i in sorted(book.hits(pack_patterns(ctx, "toc_heading") or _compile((DEFAULT_TOC_HEADING,)), 0, limit)):
        last = _contents_end(book, i)
        if last is not None:
            reasons = dict.fromkeys(range(0, i), "front matter (title and imprint pages)")
            reasons.update(dict.fromkeys(range(i, last + 1), "table of contents"))
            return reasons
    # imprint lines are short and are not footnotes or list items
    markers = sorted(i for i in book.hits(pack_patterns(ctx, "front_matter"), 0, limit)
                     if len(lines[i]) <= MAX_MATTER_LINE and not NOTE_START.match(lines[i]))
    if not markers:
        return {}
    ends = []
    if len(markers) >= 2:
        end = markers[-1]
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        ends.append(end)
    heading = HEADINGS.search(book.text, book.starts[markers[-1]] + len(lines[markers[-1]]))
    if heading:
        ends.append(bisect_right(book.starts, heading.start()) - 2)
    ends = [end for end in ends if end <= nonblank[len(nonblank) // 2]]  # else most of the text would go
    if not ends:
        return {}
    return dict.fromkeys(range(0, max(ends) + 1), "front matter (title and imprint pages)")


def _contents_end(book: _Lines, i: int) -> int | None:
    """The last line of the table of contents under the heading at line i; None for fewer than two entries.

    An entry ends in a page number (`Trade ..... 9`, `Trade\\t9`, `Trade 9`)
    or, in a contents list without page numbers, names a Markdown heading
    that follows (`2. Trade routes` ... `## Trade routes`).  A long title
    broken over two lines has its page number on the second.
    """
    lines = book.lines
    later: set[str] | None = None  # the titles of the headings after line i, read when first needed
    last, entries, j = i, 0, i + 1
    while j < len(lines):
        s = _plain(lines[j])
        if not s:
            j += 1
            continue
        entry = bool(TOC_ENTRY.search(s) or (TOC_SPACED.search(s) and TOC_PLAIN.match(s)))
        if not entry and not HEADING_LINE.match(lines[j]):
            if later is None:
                later = {_toc_key(_plain(m.group()))
                         for m in HEADINGS.finditer(book.text, book.starts[i] + len(lines[i]))}
                later.discard("")
            entry = _toc_key(s) in later
        if entry:
            entries += 1
            last = j
            j += 1
            continue
        if len(s) < 90 and j + 1 < len(lines) and TOC_ENTRY.search(_plain(lines[j + 1]) or "x"):
            j += 1
            continue
        break
    return last if entries >= 2 else None


def _book_in_own_language(book: _Lines, ctx, nonblank: list[int], tail_from: int) -> bool:
    """The body (before the tail) reads as the book's language: English function words, or langdetect.

    A sample is enough: the first 400 lines, at most 10,000 characters.
    """
    body = [book.lines[i] for i in nonblank[:400] if i < tail_from]
    if len(body) < 5:
        return False
    sample = " ".join(body)[:10000]
    own = ctx.params("PB010").get("language", "en") if ctx is not None else "en"
    if own != "en":
        return language(sample[:2000]) == own
    words = WORDS.findall(sample.lower())
    return bool(words) and sum(map(ENGLISH.__contains__, words)) / len(words) > 0.12


def _back_matter(book: _Lines, ctx, known: dict) -> dict[int, str]:
    """The advertising pages at the end, searched in the last quarter of the book.

    They start at the first advertising marker (pack `back_matter`, found in
    a line or running over the lines of a block) or, without one, at the
    trailing blocks in another language than the book's; the short
    heading-like lines and the furniture right before are taken in.
    """
    lines, nonblank = book.lines, book.nonblank
    back = pack_patterns(ctx, "back_matter")
    furniture_lines = {i for i, (r, _) in known.items() if r in ("LY003", "PB002")}
    if not nonblank:
        return {}
    tail_from = nonblank[max(0, min((len(nonblank) * 3) // 4, len(nonblank) - 12))]
    half = nonblank[len(nonblank) // 2]
    marked = {i for i in book.hits(back, tail_from) | book.block_hits(back, tail_from)
              if i > half and len(lines[i]) <= MAX_MATTER_LINE}
    start = min(marked) if marked else None
    foreign_seen = False
    if start is None:
        if not _book_in_own_language(book, ctx, nonblank, tail_from):
            return {}
        # no marker: trailing blocks in another language (advertising in the publisher's language)
        k = len(nonblank) - 1
        while k >= 0 and nonblank[k] >= tail_from:
            i = nonblank[k]
            plain = _plain(lines[i])
            if NOTE_START.match(lines[i]):
                break
            if i in furniture_lines or LINK_ONLY.match(plain) or len(WORDS.findall(plain)) < 4:
                k -= 1
                continue
            if _is_foreign(plain, ctx):
                foreign_seen = True
                start = i
                k -= 1
                continue
            break
        else:
            return {}  # no line of the book's own language before the foreign blocks
        if not foreign_seen or start <= half:
            return {}
    # take in the short heading-like lines and furniture right before the first marker
    k = bisect_left(nonblank, start)
    while k > 0:
        i = nonblank[k - 1]
        plain = _plain(lines[i])
        if i in furniture_lines or LINK_ONLY.match(plain) or (
                len(WORDS.findall(plain)) <= 3 and not plain.endswith((".", ":", ";", ","))
                and not re.match(r"^\d", plain)):
            k -= 1
            continue
        break
    first = nonblank[k]
    return {i: "advertising back matter" for i in range(first, len(lines))}


@rule("PB001", "author-use-footer", "publisher",
      example=("Trade grew by FOR AUTHOR USE ONLY ten per cent.\n", "Trade grew by ten per cent.\n"))
def author_use_footer(ctx):
    """Remove a publisher's running footer (`FOR AUTHOR USE ONLY`) that was glued into a text line.

    Why: the analyzers drop the footer when it stands on a line of its own
    (LY003, pack `furniture`); an extractor that ran it into the text, or
    an OCR that merged lines, leaves it inside a paragraph.  The phrases are
    pack data (`inline_furniture`); the phrase and one space beside it go.
    Example: `grew by FOR AUTHOR USE ONLY ten` -> `grew by ten`.
    Safety: safe (an exact, case-sensitive phrase).
    """
    phrases = _strings(ctx, "inline_furniture")
    if not phrases:
        return
    text = ctx.doc.text
    for s, e, _ in find_words(text, phrases):
        yield Edit(*_removal_span(text, s, e), "", "PB001", "publisher's running footer")


def _removal_span(text: str, s: int, e: int) -> tuple[int, int]:
    """The span to delete for a stray phrase at text[s:e] (PB001, PB002).

    One space beside it goes too (the one after it only when a space or a
    line start is before it, so `country,PUBLISHING above` keeps its space);
    a phrase forming a whole block goes with the blank line after it (or
    before it, at the end of the text).
    """
    if e < len(text) and text[e] == " " and (s == 0 or text[s - 1] in " \n"):
        e += 1
    elif s > 0 and text[s - 1] == " ":
        s -= 1
    if (s == 0 or text[s - 1] == "\n") and text[e:e + 1] in ("\n", ""):
        if text[e:e + 2] == "\n\n":
            e += 2
        elif s >= 2 and text[s - 2:s] == "\n\n":
            s -= 2
    return s, e


def _at_source_line_edge(doc, s: int, e: int) -> bool:
    """The word stood at the start or the end of a line of the source (where a cover word is run in)."""
    src = doc.source
    a, b = doc.src_of[s], doc.src_of[e - 1] + 1
    if src[a:b] != doc.text[s:e]:
        return False
    head = src[src.rfind("\n", 0, a) + 1:a]
    tail_end = src.find("\n", b)
    tail = src[b:len(src) if tail_end == -1 else tail_end]
    return not head.strip() or not tail.strip()


@rule("PB002", "cover-word", "publisher",
      example=("Trade with the south is a priority for the country, PUBLISHING\nabove all as a market.\n",
               "Trade with the south is a priority for the country, above all as a market.\n"))
def cover_word(ctx):
    """Remove a stray cover word (`PUBLISHING`) that the extraction ran into the first text line.

    Why: the publisher's name on the cover is extracted as a capitalised
    word at the edge of a line of running text.  A cover word (pack data
    `cover_words`) is removed only when it is in capitals, stood at the
    start or end of a source line, and neither neighbour word is in
    capitals, so `LAP LAMBERT ACADEMIC PUBLISHING` and
    `Academic Publishing` stay.  A line holding only the word is dropped by
    the analyzers (see `publisher_matter_lines`).
    Example: `for the country, PUBLISHING above all` -> `for the country, above all`.
    Safety: safe.
    """
    words = _strings(ctx, "cover_words")
    if not words:
        return
    text = ctx.doc.text
    for s, e, _ in find_words(text, words):
        left = text[max(0, s - 40):s].split()
        right = text[e:e + 40].split()
        if left and re.sub(r"\W", "", left[-1]).isupper():
            continue
        if right and re.sub(r"\W", "", right[0]).isupper():
            continue
        if not _at_source_line_edge(ctx.doc, s, e):
            continue
        yield Edit(*_removal_span(text, s, e), "", "PB002", "stray cover word")
