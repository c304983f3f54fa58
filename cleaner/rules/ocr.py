"""OCR repairs: curly quotes, garbled footnote superscripts, scrambled line halves,
letter confusions, junk punctuation between words, URLs with spaces.

OCR reads a superscript footnote number as a cluster of symbols (`®`, `™`,
`*®`, `!?`, `"3`), misreads letters (`Iumber`, `!00`) and leaves stray marks
between words (`in'the`, `coastal: towns`).  These rules repair what the
text itself makes certain and flag the rest:

* OC001 straightens curly quotes (every input kind).
* OC002 puts back the halves of a printed line that OCR read right half first.
* OC003 numbers the garbled references from the footnote numbering of the page
  and the running sequence (`partner"® .` -> `partner"[^3].`).
* OC004 repairs letter confusions from the pack's confusion table, only where
  the repaired word is known and the printed one is not.
* OC005 puts back the underscores an OCR read as spaces inside a URL.
* OC006 removes junk punctuation between two words (`in'the`, `and-is`).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..context import dictionary
from ..engine import FLAG, UNSAFE, Edit
from ..registry import rule
from ..scan import SUPERSCRIPT_DIGITS, SUPERSCRIPTS, matches_at

CURLY = re.compile("[\u2018\u2019\u201c\u201d]")
STRAIGHT = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def _ocr(ctx) -> bool:
    return ctx.input_kind == "ocr"


# --- OC001 ------------------------------------------------------------------
@rule("OC001", "curly-quote", "ocr", example=("He said \u201cyes\u201d and it\u2019s done.\n",
                                              "He said \"yes\" and it's done.\n"))
def curly_quote(ctx):
    """Straighten curly quotes and apostrophes: `“ ”` -> `"`, `‘ ’` -> `'`.

    The canonical text uses straight quotes only, whatever the source used;
    OCR and word processors mix both.  Applies to every input kind.
    Example: `“yes” it’s` -> `"yes" it's`.  Safety: safe.
    """
    text = ctx.doc.text
    for m in CURLY.finditer(text):
        yield Edit(m.start(), m.end(), STRAIGHT[m.group()], "OC001")


# --- OC002 ------------------------------------------------------------------
@rule("OC002", "scrambled-line-halves", "ocr",
      example=('The minister said that "the harvest\n\n"1 and the rains helped to raise the\n\n'
               'reached 2 million tonnes\nyield "at once"\u00ae .\n\n1 First note.\n\n2 Second note.\n\n\n\nnext page.\n',
               'The minister said that "the harvest reached 2 million tonnes"[^1] and the rains helped to raise '
               'the yield "at once"[^2]. next page.\n\n[^1]: First note.\n\n[^2]: Second note.\n'))
def scrambled_halves(ctx):
    """Put back the two halves of a printed line that OCR read right half first.

    OCR splits a line at a superscript: the right half (closing quote, the
    superscript, the next sentence: `"1 and the rains ... the`) comes out
    before the left half (`reached 2 million tonnes`).  The layout analyzer finds
    a line `"N words` set off by blank lines and followed by a line that runs
    straight on into the next; this rule moves the right half after the left.
    Example: `harvest "1 and the rains helped the reached 2 million tonnes yield` ->
    `harvest reached 2 million tonnes"1 and the rains helped the yield` (then OC003).
    Safety: safe; only the pairs the analyzer recorded, text only moved.
    """
    if not _ocr(ctx):
        return
    swaps = ctx.facts.get("ocr_swaps") or []
    if not swaps:
        return
    doc = ctx.doc
    text = doc.text
    starts = doc.line_starts
    for m_line, l2_line in swaps:
        x = _text_pos_of_source_line(doc, m_line)
        if x is None:
            continue
        y = _run_end(doc, x, m_line)
        z = _run_end(doc, y, l2_line)
        if not (x < y < z) or text[y - 1] != " " or text[z - 1] != " ":
            continue
        chunk = text[x:y - 1]
        yield Edit(x, y, "", "OC002", "right half of a printed line read before its left half")
        yield Edit(z - 1, z - 1, chunk, "OC002", "right half put after its left half", moved_from=x)
    del starts


def _text_pos_of_source_line(doc, line0: int) -> int | None:
    """First position of the current text whose source is on 0-based source line `line0`."""
    lo = doc.line_starts[line0]
    hi = doc.line_starts[line0 + 1] if line0 + 1 < len(doc.line_starts) else len(doc.source) + 1
    src = doc.src_of
    # the body is in source order; search the first position at or past the line start
    a, b = 0, _body_end(doc.text)  # moved notes break the source order
    while a < b:
        mid = (a + b) // 2
        if src[mid] < lo:
            a = mid + 1
        else:
            b = mid
    while a < len(doc.text) and not (lo <= src[a] < hi and not doc.text[a].isspace()):
        if src[a] >= hi:
            return None
        a += 1
    return a if a < len(doc.text) else None


def _run_end(doc, pos: int, line0: int) -> int:
    """End of the run of text from `pos` whose source lies on line `line0` (joint included)."""
    lo = doc.line_starts[line0]
    hi = doc.line_starts[line0 + 1] if line0 + 1 < len(doc.line_starts) else len(doc.source) + 1
    src, n = doc.src_of, len(doc.text)
    while pos < n and lo <= src[pos] < hi and doc.text[pos] != "\n":
        pos += 1
    return pos


# --- OC003 ------------------------------------------------------------------
# Glyphs OCR makes of a superscript number.
JUNK = "\u00ae\u2122\u00a2\u00a5*%>\u00b0$#\u2020\u2021\u00a9^\u00a7"
QUOTE = "\"\u201d"
# superscript digits: a marker only next to a quote or a detached stop (`m\u00b2` is a unit)
SUPER = SUPERSCRIPTS
CLUSTER_CH = "\"\u201d'\u2019!?" + JUNK + SUPER
# A marker after the token it follows: a cluster of glyphs (maybe with the
# digits of the number) glued to the token, then what comes after it.
MARKER = re.compile(
    r"(?<=[\w.)%,\u2026])"
    r"(?P<c>[" + re.escape(CLUSTER_CH.replace("%", "").strip(SUPER)) + r"][" + re.escape(CLUSTER_CH) + r"\d]*)"
    r"(?P<t> \.(?P<j>[-/~|]+(?=[A-Za-z]))?| ,| \|(?= [A-Z])| [\"\u201d](?=[.,;:])| [~](?=[A-Z])"
    r"|(?= [A-Za-z(])|(?=\n|$))")
# A marker printed after the detached full stop: `year" . 7`, `". #1In`.
AFTER_STOP = re.compile(
    r"(?<=[\w.)\u2026])(?P<q>[\"\u201d])(?P<s> ?)\. "
    r"(?P<g>[^\w\s]{1,3}|[^\w\s]?\d{1,3}[^\w\s]?)(?P<w>(?=[A-Z][a-z])|(?=\n|$))")


def _candidates(text: str):
    """(start, end, kind, quote_first, quote_after, punct, hint, word_after, confidence)."""
    out = []
    taken = []
    for m in AFTER_STOP.finditer(text):
        g = m.group("g")
        if not g.strip("\"'\u201c\u201d\u2018\u2019"):
            continue  # an opening quote: `". "Work`
        digits = re.sub(r"\D", "", g)
        out.append((m.start(), m.end(), "after-stop", True, False, ".", digits,
                    m.group("w") is not None and m.end() < len(text) and text[m.end()].isalpha(), 3))
        taken.append((m.start(), m.end()))
    for m in MARKER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        c, t = m.group("c"), m.group("t") or ""
        if c[0] == ">" and "<" in text[max(0, m.start() - 5):m.start()]:
            continue  # an omission mark `<...>`
        has_junk = any(ch in JUNK for ch in c)
        digits = "".join(ch for ch in c.translate(SUPERSCRIPT_DIGITS) if ch.isascii() and ch.isdigit())
        quote_first = c[0] in QUOTE or (len(c) > 1 and any(ch in QUOTE for ch in c))
        anchor = t.startswith((" .", " ,", " |", " ~")) or t[:2] in (' "', " \u201d")
        scramble = digits and c[0] in QUOTE and c[1:].isdigit() and t == "" and \
            m.end() < len(text) and text[m.end()] == " "
        if not (has_junk or anchor or scramble):
            continue
        if c in ("'", "\u2019") and not anchor:
            continue
        quote_after = t[:2] in (' "', " \u201d")
        if quote_after:
            quote_first = any(ch in QUOTE for ch in c)
        punct = "." if t.startswith((" .", " |")) else "," if t.startswith(" ,") else ""
        conf = 3 if has_junk else 2 if (digits or len(c) > 1) else 1
        end = m.end()
        if quote_after:
            end = m.start("t") + 2
        word_after = bool(m.group("j")) or t.startswith(" ~") or t.startswith(" |")
        out.append((m.start(), end, "marker", quote_first, quote_after, punct, digits, word_after, conf))
    out.sort()
    return out


def _assign(cands, page_of, pages):
    """Number every candidate from the definitions on its page and the running sequence.

    References run 1, 2, 3 ... through the book and a definition is printed on
    the page of its reference, so the numbers on a page form a run that holds
    the page's definitions, right after the run of the page before.  Pages
    whose definitions were lost take the next numbers of the sequence, bounded
    by the next page that has definitions.  Returns {index: (number, how)}.
    """
    by_page: dict[int, list[int]] = {}
    for k in range(len(cands)):
        by_page.setdefault(page_of[k], []).append(k)
    npages = len(pages)
    counts = [len(by_page.get(p, [])) for p in range(npages)]
    result: dict[int, tuple[int | None, str]] = {}
    last = 0
    for p in range(npages):
        defs = pages[p][2]
        ks = by_page.get(p, [])
        if not ks:
            if defs:
                last = max(last, defs[-1])
            continue
        lo = last + 1
        if defs and defs[0] < lo:
            lo = defs[0]  # more references found before than there were numbers: resync
        # the next page with definitions bounds this page's run
        q, between = p + 1, 0
        while q < npages and not pages[q][2]:
            between += counts[q]
            q += 1
        hi = pages[q][2][0] - 1 - between if q < npages else None
        if hi is not None:
            while len(ks) > max(1, hi - lo + 1, len(defs)):
                weakest = min(ks, key=lambda k: (cands[k][8], -k))
                ks = [k for k in ks if k != weakest]
                result[weakest] = (None, "more candidates than footnote numbers on the page")
        n = len(ks)
        if defs and n >= len(defs):
            start = max(lo, defs[-1] - n + 1)
            if start <= defs[0]:
                nums = list(range(start, start + n))
                how = ("definitions on the page" if n == len(defs) and start == defs[0]
                       else "definitions on the page and sequence")
            else:
                nums, how = _pick(defs, ks, cands), "definitions on the page (by digits)"
        elif defs:
            nums, how = _pick(defs, ks, cands), "definitions on the page (some unreferenced)"
        else:
            nums, how = list(range(lo, lo + n)), "sequence"
        for k, num in zip(ks, nums):
            result[k] = (num, how)
        last = max([last] + nums + list(defs))
    return result


def _pick(defs, ks, cands):
    """More definitions than markers on a page: match by digit hints, else in order."""
    nums = []
    pool = list(defs)
    for i, k in enumerate(ks):
        hint = cands[k][6]
        choice = None
        if hint:
            for d in pool:
                if str(d).endswith(hint) or str(d).startswith(hint):
                    choice = d
                    break
        if choice is None:
            rest = len(ks) - i
            choice = pool[0] if len(pool) >= rest else pool[0]
        nums.append(choice)
        pool = [d for d in pool if d > choice]
    return nums


@rule("OC003", "ocr-footnote-marker", "ocr",
      example=('The trade grew "at once"\u00ae . And then "more"!? . End.\n\n1 First note.\n\n2 Second note.'
               '\n\n\n\nNext page.\n',
               'The trade grew "at once"[^1]. And then "more"[^2]. End.\n\nNext page.\n\n'
               '[^1]: First note.\n\n[^2]: Second note.\n'))
def ocr_marker(ctx):
    """Write a garbled OCR footnote superscript as `[^N]`, N from the footnote numbering.

    OCR turns superscript numbers into symbol clusters (`"® .`, `™ .`, `"!? ,`,
    `*®`), wrong digits (`"3` for 5), or loses them (only the detached ` .`
    shows the place).  The glyph does not tell the number: the definitions on
    the same page do (markers and definitions pair up in order), and where a
    page's definitions were lost, the running sequence between the pages that
    have them.  The closing quote is kept once, the detached stop follows the
    reference, junk glued to the next word goes.
    Example: `partner"® . Next` (page defining 3) -> `partner"[^3]. Next`.
    Safety: safe where the page's definitions fix the number; unsafe where
    only the sequence does; a cluster whose number cannot be recovered is
    removed and flagged.
    """
    if not _ocr(ctx):
        return
    pages = ctx.facts.get("ocr_pages") or []
    if not pages:
        return
    doc = ctx.doc
    text = doc.text
    # the body only: footnote definitions are at the end
    body_end = _body_end(text)
    cands = [c for c in _candidates(text[:body_end])]
    if not cands:
        return
    firsts = [a for a, _b, _d in pages]
    page_of = [max(0, bisect_right(firsts, doc.source_line(c[0]) - 1) - 1) for c in cands]
    numbers = _assign(cands, page_of, pages)
    stats = ctx.facts.setdefault("stats", {})
    stats["ocr_markers"] = sum(1 for v in numbers.values() if v[0] is not None)
    flagged = 0
    for k, (s, e, kind, quote_first, quote_after, punct, hint, word_after, conf) in enumerate(cands):
        num, how = numbers.get(k, (None, "no number"))
        before = text[s:e]
        if num is None:
            if conf < 3:
                continue  # weak candidate judged not a reference: leave the text alone
            rep = ('"' if quote_first else "") + punct + (" " if word_after else "")
            flagged += 1
            yield Edit(s, e, rep, "OC003", f"garbled superscript {before!r}: number not recoverable ({how})",
                       safety=FLAG)
            continue
        ref = f"[^{num}]"
        if kind == "after-stop":
            rep = '".' + ref + (" " if word_after else "")
        elif quote_after:
            rep = ref + '"'
        else:
            rep = ('"' if quote_first else "") + ref + punct + (" " if word_after else "")
        safety = None if "definitions" in how else UNSAFE
        yield Edit(s, e, rep, "OC003", f"garbled superscript {before!r} is footnote {num} ({how})",
                   safety=safety)
    if flagged:
        stats["ocr_markers_flagged"] = flagged


# --- shared helpers -----------------------------------------------------------
URL_TOKEN = re.compile(r"(?:https?:/{1,2}|www\.)\S+")
NOTE_LABEL = re.compile(r"^\[\^\d+\]: ", re.M)
LABEL_ANY = re.compile(r"\[\^\d+\]: ")


def _body_end(text: str) -> int:
    """Where the first `[^N]: ` definition line starts (NOTE_LABEL.search), else len(text).

    Searched by the literal `[^` (fast) and checked for a line start, instead of trying `^` everywhere.
    """
    for m in LABEL_ANY.finditer(text):
        if not m.start() or text[m.start() - 1] == "\n":
            return m.start()
    return len(text)


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in URL_TOKEN.finditer(text)]


def _in_spans(pos: int, spans, starts) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _flag(ctx, pos: int, message: str, code: str) -> None:
    stats = ctx.facts.setdefault("stats", {})
    stats.setdefault("flags", []).append(
        {"rule": code, "src_line": ctx.doc.source_line(pos), "message": message})


def _known(ctx, word: str, dic) -> bool:
    w = word.lower()
    return w in dic or ctx.vocab.get(w, 0) > 0


def _printed_unknown(ctx, word: str, dic, times: int) -> bool:
    """The printed form is in neither the dictionary nor the book (beyond its own misprints)."""
    w = word.lower()
    return w not in dic and ctx.vocab.get(w, 0) <= times


# --- OC004 ------------------------------------------------------------------
WORD = re.compile(r"(?<![\w'\u2019/.@-])[A-Za-z\u00c0-\u024f!]*[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f]*(?![\w@/]|\.\w)")
# Look-behinds written after the literal they precede (same matches): a pattern that starts with a
# literal or a plain class is searched fast, one that starts with a look-behind or `\b` is tried everywhere.
NUMBER_BANG = re.compile(r"!(?<![\w!]!)(?=\d{2})|!(?<=\d!)(?=\d)")
NUMBER_PREFIX = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]?)\d")            # \b([A-Z][a-z]?)\d
PREFIX_L = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]?)l(?=[.,]?\d)")       # \b([A-Z][a-z]?)l(?=[.,]?\d)
LETTER = "[A-Za-z\u00c0-\u024f]"
# one digit inside or before a word of three letters or more (`1ocal`, `c0operation`; not `1st`, `10am`)
DIGIT_IN_WORD = re.compile(r"(?<![\w.,/@-])[A-Za-z]*[01][A-Za-z]+(?![\w@/-])")
LETTERS2 = re.compile(f"{LETTER}{LETTER}+")  # {LETTER}{{2,}}
ACCENTED = re.compile(r"[\u00e0-\u00ef\u00f2-\u00f6\u00f9-\u00fc]")


@rule("OC004", "ocr-letter-confusion", "ocr",
      example=('The price of Iumber "at once"\u00ae .\n\n1 Note. - C. !00.\n\n\n\nnext page.\n',
               'The price of lumber "at once"[^1]. next page.\n\n[^1]: Note. - P. 100.\n'))
def letter_confusion(ctx):
    """Repair an OCR letter confusion (`Iumber` -> `lumber`, `!00` -> `100`, `asséts` -> `assets`).

    The pack's confusion table (`ocr_confusions`: printed -> read) gives the
    pairs OCR mixes up (I/l, rn/m, 0/o, 1/l, T/I, an accent on an English
    letter).  A word is repaired only when the printed form is in neither the
    dictionary nor the book's own vocabulary and exactly one repaired form is;
    every other unknown word stays as printed.  A word with one 0 or 1 for
    a letter (`1ocal`, `c0operation`) is read the same way.  `!` before or between digits
    is a `1` (`C. !00.` -> `C. 100.`).  A letter `l` inside a number after a
    currency prefix the book prints elsewhere with digits is a `1` (`Brl.5`).
    Example: `price of Iumber` -> `price of lumber`.  Safety: safe (dictionary-checked).
    """
    if not _ocr(ctx):
        return []
    dic = dictionary()
    text = ctx.doc.text
    spans = _url_spans(text)
    starts = [a for a, _ in spans]
    table = ctx.data("ocr_confusions", {}) or {}
    pairs = [(k, v) for k, vs in table.items() for v in (vs if isinstance(vs, list) else [vs])]
    edits = []
    for m in NUMBER_BANG.finditer(text):
        if not _in_spans(m.start(), spans, starts):
            edits.append(Edit(m.start(), m.end(), "1", "OC004", "`!` read for the digit 1"))
    prefixes = ctx.facts.get("ocr_number_prefixes")
    if prefixes is None:
        prefixes = {p for p in NUMBER_PREFIX.findall(ctx.doc.source)}
        ctx.facts["ocr_number_prefixes"] = prefixes
    for m in PREFIX_L.finditer(text):
        if m.group(1) in prefixes and not _in_spans(m.start(), spans, starts):
            edits.append(Edit(m.end() - 1, m.end(), "1", "OC004",
                              f"`l` read for 1 in a number after {m.group(1)}"))
    # a word with one letter read as a digit (`1ocal`, `c0operation`): the digit put back as its
    # letter from the table gives a known word, and the book never prints that word so
    digit_pairs = [(k, v) for k, v in pairs if k.isdigit() and len(k) == 1 and v.isalpha()]
    if digit_pairs:
        for m in DIGIT_IN_WORD.finditer(text):
            w = m.group()
            if len(w) < 4 or _in_spans(m.start(), spans, starts) or ctx.vocab.get(w.lower(), 0) > 2:
                continue
            cands = {w.replace(k, v) for k, v in digit_pairs if k in w}
            cands = {c for c in cands if c.lower() in dic and (c.islower() or c.istitle() or c.isupper())}
            if len(cands) == 1:
                cand = cands.pop()
                edits.append(Edit(m.start(), m.end(), cand, "OC004", f"OCR confusion: {w!r} read as {cand!r}"))
    seen = {e.start for e in edits}
    # each distinct word once: its repaired forms depend on the word alone (none for a known word)
    readings = {}
    for w in set(LETTERS2.findall(text)):
        if not (w.isascii() and w.lower() in dic):
            cands = _readings(ctx, w, dic, pairs)
            if cands:
                readings[w] = cands
    if not readings:
        return edits
    # then only the occurrences of the words that have a reading (a LETTERS2 match is a whole run of letters)
    occurrences = re.compile(f"(?<!{LETTER})(?:{'|'.join(map(re.escape, sorted(readings, key=lambda w: (-len(w), w))))})"
                             f"(?!{LETTER})")
    for m in occurrences.finditer(text):
        w = m.group()
        cands = readings[w]
        if m.start() in seen or _in_spans(m.start(), spans, starts):
            continue
        if len(cands) == 1:
            cand = next(iter(cands))
            edits.append(Edit(m.start(), m.end(), cand, "OC004", f"OCR confusion: {w!r} read as {cand!r}"))
        elif len(cands) > 1:
            _flag(ctx, m.start(), f"OCR confusion in {w!r}: several readings {sorted(cands)}", "OC004")
    return edits


def _readings(ctx, w: str, dic, pairs) -> set:
    """The repaired forms of an unknown word w that are known words (OC004)."""
    cands = set()
    if not w.isascii():
        base = ACCENTED.sub(lambda c: _unaccent(c.group()), w)
        if base != w and base.isascii() and base.lower() in dic and base.islower():
            cands.add(base)
    else:
        if ctx.vocab.get(w.lower(), 0) > 2:
            return cands  # printed often: a name, not a misreading
        for printed, read in pairs:
            i = w.find(printed)
            while i != -1:
                cand = w[:i] + read + w[i + len(printed):]
                shape_ok = cand.islower() or cand.isupper() or (cand[0].isupper() and cand[1:].islower())
                if shape_ok and cand.lower() in dic and (len(cand) > 2 or cand in ("It", "In", "Is", "If")):
                    cands.add(cand)
                i = w.find(printed, i + 1)
    return cands


def _unaccent(ch: str) -> str:
    import unicodedata
    return unicodedata.normalize("NFD", ch)[0]


# --- OC006 ------------------------------------------------------------------
FUNCTION = {"of", "is", "are", "be", "in", "the", "and", "to", "a", "an", "on", "at", "also",
            "was", "were", "for", "with", "as", "it", "its", "this", "that"}
CONTRACTION = {"s", "t", "re", "ve", "ll", "d", "m"}
JUNK_BETWEEN = re.compile(
    r"(?P<apos>\b(?P<a1>[a-z]+)'(?P<a2>[a-z]+)\b)"
    r"|(?P<hyph>\b(?P<h1>[A-Za-z]+(?:'s)?)-(?P<sp> ?)(?P<h2>[A-Za-z]+)\b)"
    r"|(?P<colon>\b(?P<c1>[A-Za-z]+):(?P<csp> ?)(?P<c2>[a-z]+)\b)"
    r"|(?P<dot>\b(?P<d1>[A-Za-z]+)\.(?P<d2>of|the|and|in|is|to)\b)"
    r"|(?P<lone>(?<=[a-z]) \. (?=[a-z]))"
    r"|(?P<under>(?<=[a-z])_(?=[a-z]))"
    r"|(?P<glued>(?<=[a-z])\"(?=[a-z]))"
    r"|(?P<stray>(?<= )'(?P<s1>[a-z]+)\b(?![^.!?\"]{0,80}'))"
    r"|(?P<qq>(?<= )['\"]{2,}(?=[A-Z]))"
    r"|(?P<qclose>(?<=\")(?P<q1>[A-Z][\w-]*)'(?=[,.]))"
)


JUNK_HINT = re.compile(r"['\-:._\"]")
ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _letters_start(text: str, i: int) -> int:
    """Where the run of ASCII letters that ends at `i` begins (`i` when there is none)."""
    while i > 0 and text[i - 1] in ASCII_LETTERS:
        i -= 1
    return i


def _squeeze_space(s: str) -> str:
    """`re.sub(r"\\s+", " ", s)`, done with str.split (the same whitespace set) at a third of the cost."""
    parts = s.split()
    if not parts:
        return " " if s else ""
    out = " ".join(parts)
    if s[0].isspace():
        out = " " + out
    if s[-1].isspace():
        out += " "
    return out


def _junk_matches(text: str):
    """The matches of JUNK_BETWEEN.finditer(text), without running the regex at every position.

    Every match begins at one of the marks `' - : . _ "` itself, right after a `"`, at the
    space before a `.`, or at the start of the letters just before a `' - : .` (or before a
    `'s-`).  Those positions are tried in order with JUNK_BETWEEN.match, skipping the ones a
    previous match covered -- exactly what finditer does, at a fraction of the cost.
    """
    cands = set()
    for m in JUNK_HINT.finditer(text):
        h = m.start()
        c = text[h]
        cands.add(h)
        if c == '"':
            cands.add(h + 1)
        elif c != "_":
            if c == "." and h and text[h - 1] == " ":
                cands.add(h - 1)
            cands.add(_letters_start(text, h))
            if c == "-" and text[h - 2:h] == "'s":
                cands.add(_letters_start(text, h - 2))
    yield from matches_at(JUNK_BETWEEN, text, sorted(cands))


@rule("OC006", "ocr-junk-punctuation", "ocr",
      example=('Demand in\'the region grew, and-is steady "at once"\u00ae .\n\n1 Note.\n\n\n\nnext page.\n',
               'Demand in the region grew, and is steady "at once"[^1]. next page.\n\n[^1]: Note.\n'))
def junk_punctuation(ctx):
    """Remove junk punctuation OCR put between two words (`in'the`, `and-is`, `to_parts`, `of . modern`).

    Specks on the page become an apostrophe, hyphen, colon, period,
    underscore or quote between words.  Each is removed only where the text
    shows it is junk: an apostrophe that is no contraction between two known
    words; a hyphen next to a function word (`half-of`, `to-be`, `are- also`)
    or after a possessive (`Peru's-Callao`) whose compound the book never
    prints; a colon or period glued between words whose plain pair the book
    prints elsewhere; a lone ` . ` or `_` between lower-case words; a stray
    opening quote with no closing one (`the 'city plan`); a run of quote
    marks before a name (`'""Lima"` -> `"Lima"`).  Anything less sure is
    flagged and left.
    Example: `in'the region grew` -> `in the region grew`.  Safety: safe.
    """
    if not _ocr(ctx):
        return
    dic = dictionary()
    text = ctx.doc.text
    spans = _url_spans(text)
    starts = [a for a, _ in spans]
    body_end = _body_end(text)

    def pair_printed(a: str, b: str) -> bool:
        bigrams = ctx.facts.get("ocr_bigrams")
        if bigrams is None:  # built on first need only
            bigrams = _squeeze_space(ctx.doc.source.lower())
            ctx.facts["ocr_bigrams"] = bigrams
        return f" {a.lower()} {b.lower()}" in bigrams or bigrams.startswith(f"{a.lower()} {b.lower()}")

    for m in _junk_matches(text):
        if _in_spans(m.start(), spans, starts):
            continue
        kind = m.lastgroup if m.lastgroup in ("lone", "under", "glued", "qq") else next(
            g for g in ("apos", "hyph", "colon", "dot", "stray", "qclose") if m.group(g))
        s, e = m.start(), m.end()
        if kind == "apos":
            a, b = m.group("a1"), m.group("a2")
            if b in CONTRACTION or not (_known(ctx, a, dic) and _known(ctx, b, dic)):
                continue
            i = s + len(a)
            yield Edit(i, i + 1, " ", "OC006", "apostrophe read for a space")
        elif kind == "hyph":
            a, b, sp = m.group("h1"), m.group("h2"), m.group("sp")
            compound = f"{a}-{b}".lower()
            if ctx.vocab.get(compound, 0) > 1 or compound.replace("-", "") in dic:
                continue
            al, bl = a.lower(), b.lower()
            junk = (a.endswith("'s") and b[:1].isupper()) \
                or (bl in ("of", "is", "be", "the", "are", "was", "were") and not sp) \
                or (al in FUNCTION and al not in ("a", "an") and bl in FUNCTION and not sp) \
                or (sp and al in FUNCTION and bl not in ("and", "or", "to") and bl.islower()) \
                or (not sp and al in FUNCTION and e < len(text) and text[e] in ",.;"
                    and pair_printed(a, b) and _known(ctx, b, dic))
            if not junk:
                continue
            i = s + len(a)
            yield Edit(i, i + 1 + len(sp), " ", "OC006", f"junk hyphen in {m.group()!r}")
        elif kind == "colon":
            a, b, sp = m.group("c1"), m.group("c2"), m.group("csp")
            if not (_known(ctx, a, dic) and _known(ctx, b, dic)):
                continue
            if not sp:
                i = s + len(a)
                yield Edit(i, i + 1 + len(sp), " ", "OC006", f"junk colon in {m.group()!r}")
            else:
                _flag(ctx, s, f"colon between words may be junk: {m.group()!r}", "OC006")
        elif kind == "dot":
            a, b = m.group("d1"), m.group("d2")
            if a[:1].islower() and not _known(ctx, a, dic):
                continue
            if not _known(ctx, a, dic):
                continue
            i = s + len(a)
            yield Edit(i, i + 1, " ", "OC006", f"period read for a space in {m.group()!r}")
        elif kind == "lone":
            yield Edit(s, e, " ", "OC006", "stray period between words")
        elif kind == "under":
            yield Edit(s, e, " ", "OC006", "underscore read for a space")
        elif kind == "glued":
            if s < body_end:
                yield Edit(s, e, " ", "OC006", "stray quote glued between words")
        elif kind == "stray":
            if s < body_end and _known(ctx, m.group("s1"), dic):
                yield Edit(s, s + 1, "", "OC006", "stray opening quote with no closing one")
        elif kind == "qq":
            yield Edit(s, e, '"', "OC006", "quote marks garbled into a run")
        elif kind == "qclose":
            i = e - 1
            yield Edit(i, e, '"', "OC006", "closing quote read as an apostrophe")


# --- OC005 ------------------------------------------------------------------
PCT_SPLIT = re.compile(r"(?<=%[0-9A-Fa-f]{2})( ?% ?)(?=[0-9A-Fa-f]{2})")
URL_WORDS = re.compile(r"(https?://\S+)((?: [a-z0-9]+(?:_[a-z0-9]+)*)*(?: [a-z0-9]*_[a-z0-9_]*)"
                       r"(?: [a-z0-9_]*(?:-[a-z0-9_]+)*(?:-\d+/?|/))?)(?=\s|$)")


@rule("OC005", "url-space-repair", "ocr",
      example=('Text "at once"\u00ae .\n\n1 Note. - URL: https:/port.example.org/zone-%C2% ABsouth\n\n\n\nnext page.\n',
               'Text "at once"[^1]. next page.\n\n[^1]: Note. - URL: https:/port.example.org/zone-%C2%ABsouth\n'))
def url_spaces(ctx):
    """Put back what OCR turned into spaces inside a URL: underscores, and `%XX` escapes split by a space.

    OCR reads `_` as a space (a URL cannot hold one), and splits a
    percent-escape (`%C2% ABsouth`).  A URL followed by lower-case slug words
    and then a chunk that still has an underscore is one URL with its
    underscores read as spaces; a space that was a line break inside the URL
    is removed instead.  Example: `.../north i south_x/` ->
    `.../north_i_south_x/`.  Safety: safe.
    """
    if not _ocr(ctx):
        return
    text = ctx.doc.text
    doc = ctx.doc
    for m in PCT_SPLIT.finditer(text):
        if " " in m.group(1):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if URL_TOKEN.search(text, line_start, m.start()):
                yield Edit(m.start(1), m.end(1), "%", "OC005", "percent escape split by a space")
    for m in URL_WORDS.finditer(text):
        tail = m.group(2)
        base = m.start(2)
        for k, ch in enumerate(tail):
            if ch == " ":
                pos = base + k
                src = doc.source[doc.src_of[pos]] if doc.src_of[pos] < len(doc.source) else ""
                yield Edit(pos, pos + 1, "" if src == "\n" else "_", "OC005",
                           "line break inside a URL" if src == "\n" else "underscore read as a space in a URL")




# --- OC008 ------------------------------------------------------------------
GLUE_WORDS = ("of", "is", "the", "and", "in", "to", "on", "at", "for", "was", "are", "with", "as", "by")
LOWER_WORD = re.compile(r"(?<![\w'\u2019/.@-])[a-z]{5,}(?![\w@/'\u2019-]|\.\w)")


@rule("OC008", "ocr-lost-space", "ocr",
      example=('The interaction grows: the productive interactionis new and the interaction "grew"\u00ae .\n\n'
               '1 Note.\n\n\n\nnext page.\n',
               'The interaction grows: the productive interaction is new and the interaction "grew"[^1]. next page.\n\n'
               '[^1]: Note.\n'))
def lost_space(ctx):
    """Put back a space OCR lost between a word and a short function word (`interactionis`).

    OCR drops the narrow space before or after `is`, `of`, `the`, `in`...
    A lower-case word is split only where the printed form is in neither the
    dictionary nor the rest of the book, exactly one split gives a function
    word and a word that is both in the dictionary and printed elsewhere in
    the book (or two function words: `ofthe`).  Capitalised words (names,
    demonyms like `Kazakhstanis`) and URLs are left alone.
    Example: `the productive interactionis new` -> `the productive interaction is new`.
    Safety: safe (dictionary- and book-checked, one reading only).
    """
    if not _ocr(ctx):
        return
    dic = dictionary()
    text = ctx.doc.text
    spans = _url_spans(text)
    starts = [a for a, _ in spans]
    for m in LOWER_WORD.finditer(text):
        w = m.group()
        if w in dic or ctx.vocab.get(w, 0) > 1 or _in_spans(m.start(), spans, starts):
            continue
        splits = []
        for fw in GLUE_WORDS:
            for a, b in ((w[:-len(fw)], fw), (fw, w[len(fw):])) if len(w) > len(fw) + 1 else ():
                if a + b != w:
                    continue
                other = a if b == fw else b
                if other in GLUE_WORDS or (len(other) >= 4 and dic.get(other, 0) >= 50
                                           and ctx.vocab.get(other, 0) >= 2):
                    splits.append((a, b))
        splits = sorted(set(splits))
        if len(splits) == 1:
            a, b = splits[0]
            i = m.start() + len(a)
            yield Edit(i, i, " ", "OC008", f"space lost between {a!r} and {b!r}")
