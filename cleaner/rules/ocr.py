"""OCR repairs: curly quotes, garbled footnote superscripts, scrambled line halves,
letter confusions, junk punctuation between words, URLs with spaces.

OCR reads a superscript footnote number as a cluster of symbols (`®`, `™`,
`*®`, `!?`, `"3`), misreads letters (`Iumber`, `!00`) and leaves stray marks
between words (`in'the`, `Chinese: consumers`).  These rules repair what the
text itself makes certain and flag the rest:

* OC001 straightens curly quotes (every input kind).
* OC002 puts back the halves of a printed line that OCR read right half first.
* OC003 numbers the garbled references from the footnote numbering of the page
  and the running sequence (`partner"® .` -> `partner"[^3].`).
* OC004 repairs letter confusions from the pack's confusion table, only where
  the repaired word is known and the printed one is not.
* OC005 removes junk punctuation between two words (`in'the`, `and-is`).
* OC006 puts back the underscores an OCR read as spaces inside a URL.
* OC007 removes a cover word glued to the end of a line (`Belarus, PUBLISHING`).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..context import dictionary
from ..engine import FLAG, UNSAFE, Edit
from ..registry import rule

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
@rule("OC002", "scrambled-line-halves", "ocr")
def scrambled_halves(ctx):
    """Put back the two halves of a printed line that OCR read right half first.

    OCR splits a line at a superscript: the right half (closing quote, the
    superscript, the next sentence: `"3 but there are ... the`) comes out
    before the left half (`exceeded $ 1 billion`).  The layout analyzer finds
    a line `"N words` set off by blank lines and followed by a line that runs
    straight on into the next; this rule moves the right half after the left.
    Example: `Belarus "3 but there are the exceeded $ 1 billion turnover` ->
    `Belarus exceeded $ 1 billion"3 but there are the turnover` (then OC003).
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
    m = re.search(r"^\[\^\d+\]: ", doc.text, re.M)  # moved notes break the source order
    a, b = 0, (m.start() if m else len(doc.text))
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
JUNK = "\u00ae\u2122\u00a2\u00a5*%>\u00b0$#"
QUOTE = "\"\u201d"
CLUSTER_CH = "\"\u201d'\u2019!?" + JUNK
# A marker after the token it follows: a cluster of glyphs (maybe with the
# digits of the number) glued to the token, then what comes after it.
MARKER = re.compile(
    r"(?<=[\w.)%,\u2026])"
    r"(?P<c>[" + re.escape(CLUSTER_CH.replace("%", "")) + r"][" + re.escape(CLUSTER_CH) + r"\d]*)"
    r"(?P<t> \.(?P<j>[-/~|]+(?=[A-Za-z]))?| ,| \|(?= [A-Z])| [\"\u201d](?=[.,;:])| [~](?=[A-Z])"
    r"|(?= [A-Za-z(])|(?=\n|$))")
# A marker printed after the detached full stop: `year" . 13`, `". #1In`.
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
            continue  # an opening quote: `". "Training`
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
        digits = "".join(ch for ch in c if ch.isdigit())
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


@rule("OC003", "ocr-footnote-marker", "ocr")
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
    m = re.search(r"^\[\^\d+\]: ", text, re.M)
    body_end = m.start() if m else len(text)
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
