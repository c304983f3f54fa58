"""Machine-translation debris: placeholders, untranslated Russian abbreviations, Cyrillic look-alikes.

A translation tool (DeepL and the like) replaces markup it cannot translate
(a superscript footnote number) by a placeholder tag such as
`xml-ph-0000@deepl.internal`, and a PDF extraction often cuts the tag
short (`xml-ph-0000@d`, `xml-ph-00.`, `xml-p`).  It leaves Russian citation
abbreviations untranslated (`С. 5.` page, `680 с.` pages, `М., 2020`
Moscow), and lets Cyrillic letters that look like Latin ones slip into
Latin words (`cooperation` typed with a Cyrillic `о`).

The placeholder patterns are pack data (`translation_placeholders`), so a
pack for another tool can add its own.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..engine import FLAG, UNSAFE, Edit
from ..registry import rule
from .variants import in_url

DEFAULT_PLACEHOLDERS = (
    r"xml-ph?(?:-\d*)?(?:@(?:deepl\.internal|deepl\.i[a-z]*|d[a-z]{0,4})?)?",
)

SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?:\[\^\d+\]\s*)*[\"'\u201c(]?[A-Z]")
REF_AT = re.compile(r"\[\^(\d+)\](?!:)")
NOTE_LABEL = re.compile(r"^\[\^(\d+)\]:", re.M)
LABEL_ANY = re.compile(r"\[\^(\d+)\]:")


def _labels(text: str) -> list[re.Match]:
    """NOTE_LABEL.finditer(text), searched by the literal `[^` (fast) and checked for a line start."""
    return [m for m in LABEL_ANY.finditer(text) if not m.start() or text[m.start() - 1] == "\n"]
WINDOW = 6000  # characters on each side of a placeholder searched for the footnote numbering


@lru_cache(maxsize=8)
def _placeholder_rx(patterns: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?:{alts})(?![\w@-])")


def _placeholders(ctx) -> re.Pattern:
    data = ctx.data("translation_placeholders") or list(DEFAULT_PLACEHOLDERS)
    if isinstance(data, str):
        data = [data]
    return _placeholder_rx(tuple(data))


def _references(ctx, lo: int, hi: int, defined: set[int] | None = None) -> list[tuple[int, int, int, int, str]]:
    """(value, start, end, position, form) of the footnote references in text[lo:hi] that fit the numbering.

    Uses the footnote rules' candidate finder and numbering chain on a window
    around the placeholder (cheaper than the whole book, and enough to see the
    numbers before and after it); only written `[^N]` references count when
    those rules are not installed.
    """
    text = ctx.doc.text
    try:
        from .footnotes import _candidates, _chain
    except ImportError:
        return [(int(m.group(1)), m.start(), m.end(), m.start(), "ref") for m in REF_AT.finditer(text, lo, hi)]
    if defined is None:
        defined = {int(m.group(1)) for m in _labels(text)}
    try:
        cands = _candidates(text, [(lo, hi)], defined)
        return [(v, s, e, pos, form) for pos, v, _w, s, e, form in (cands[i] for i in _chain(cands))]
    except (TypeError, ValueError):  # the footnote rules changed their helpers: written references only
        return [(int(m.group(1)), m.start(), m.end(), m.start(), "ref") for m in REF_AT.finditer(text, lo, hi)]


def _in_link(text: str, pos: int) -> bool:
    """True when pos is inside a URL (the placeholder's own `@` does not make it an e-mail address)."""
    a = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    head = text[a:pos].lower()
    return "://" in head or "www." in head or "/" in head


def _first_sentence_gap(text: str, a: int, b: int) -> bool:
    """True when text[a:b] holds no sentence end (one leading paragraph break allowed)."""
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip("\n"))
    seg = seg[lead:]
    if "\n" in seg:
        return False
    return not SENTENCE_END.search(seg)


def _is_sentence_head(text: str, s: int, e: int, form: str) -> bool:
    """A reference number glued to the head of a sentence (`12In`), or one closing a paragraph."""
    if form == "next-word":
        return True
    after = text[e:e + 2]
    if after == "\n\n" or e == len(text):
        return True  # at a paragraph end, the next paragraph's first sentence may be its true place
    line_start = text.rfind("\n", 0, s) + 1
    return s == line_start and re.match(r"[ ]?[\"'\u201c(]?[A-Z]", text[e:e + 3]) is not None


@rule("MT001", "translation-placeholder", "translation",
      example=('The exhibition showed "new technologies" xml-ph-0000@deepl.internal. '
               'Trade grew "fast"[^2].\n\n[^1]: A.\n\n[^2]: B.\n',
               'The exhibition showed "new technologies"[^1]. Trade grew "fast"[^2].\n\n[^1]: A.\n\n[^2]: B.\n'))
def translation_placeholder(ctx):
    """Turn a translation-tool placeholder into the footnote reference it stands for, or remove it.

    Why: DeepL replaces a superscript it cannot translate by a tag such as
    `xml-ph-0000@deepl.internal` (often cut short: `xml-ph-0000@d`,
    `xml-ph-00.`, `xml-p`).  The tag stands where the reference was.  The
    number is recovered from the book's footnote numbering: when the
    numbers before and after leave exactly one number out, the tag is that
    number; when the number before it was moved by the translator to the
    head of the same sentence (`12In May ... "new markets" xml-ph-0000@d`),
    or of the paragraph, the tag takes that number and the displaced copy
    is removed.  Otherwise the tag is removed and the change flagged.
    Example: `technologies" xml-ph-0000@deepl.internal.` -> `technologies"[^1].`
    Safety: safe for a numbering gap; unsafe when a displaced copy is
    moved; flag when the tag is removed.
    """
    text = ctx.doc.text
    rx = _placeholders(ctx)
    found = []
    for m in rx.finditer(text):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-/.=") or _in_link(text, s):
            continue
        while s > 0 and text[s - 1] in " \t":
            s -= 1
        found.append((s, m.end(), m.group()))
    if not found:
        return
    labels = _labels(text)
    first_note = labels[0].start() if labels else len(text)
    defined = {int(m.group(1)) for m in labels}
    used: set[int] = set()
    removed_copies: set[int] = set()
    for s, e, tag in found:
        in_note = s >= first_note
        refs = sorted(_references(ctx, max(0, s - WINDOW), min(first_note, e + WINDOW), defined),
                      key=lambda r: r[1])
        numbers = {r[0] for r in refs}
        before = [r for r in refs if r[2] <= s]
        after = [r for r in refs if r[1] >= e]
        prev = before[-1] if before else None
        nxt = after[0] if after else None
        number, copy, how = None, None, ""
        a = prev[0] if prev else None
        b = nxt[0] if nxt else None

        def free(v):
            return v is not None and v >= 1 and v not in numbers and v not in used

        if in_note:
            pass
        elif a is not None and b == a + 2 and free(a + 1):
            number, how = a + 1, "the numbering leaves this number out"
        elif a is not None and (b is None or b == a + 1) and a not in used and prev[1] not in removed_copies \
                and _is_sentence_head(text, prev[1], prev[2], prev[4]) and _first_sentence_gap(text, prev[2], s):
            number, copy, how = a, prev, "the number was displaced to the head of the sentence"
        elif a is None and b is not None and free(b - 1) and (b == 2 or b - 1 in defined):
            number, how = b - 1, "the next reference is the number after it"
        elif b is None and a is not None and free(a + 1) and a + 1 in defined:
            number, how = a + 1, "the previous reference is the number before it, and its note exists"
        if number is None:
            end, rep = e, ""
            nxt_ch = text[e:e + 1]
            if text[s:s + 1] not in " \t" and (s == 0 or text[s - 1] == "\n") and nxt_ch == " ":
                end = e + 1
            elif nxt_ch and nxt_ch not in " \n.,;:)!?" and s > 0 and not text[s - 1].isspace():
                rep = " "
            yield Edit(s, end, rep, "MT001", "translation placeholder with no recoverable footnote number removed",
                       safety=FLAG)
            continue
        used.add(number)
        if copy is not None:
            removed_copies.add(copy[1])
            cs, ce = copy[1], copy[2]
            # `[^12] And` at a line start or `12In`: remove the number (and a space after a written ref)
            if text[ce:ce + 1] == " " and (cs == 0 or text[cs - 1] == "\n"):
                ce += 1
            yield Edit(cs, ce, "", "MT001", f"displaced copy of reference {number} removed", safety=UNSAFE)
            yield Edit(s, e, f"[^{number}]", "MT001", f"placeholder is reference {number}: {how}", safety=UNSAFE)
        else:
            yield Edit(s, e, f"[^{number}]", "MT001", f"placeholder is reference {number}: {how}")


# Russian citation abbreviations left untranslated.
PAGE = re.compile(r"[\u0421\u0441C]\.(?=[ ]?(?:\d|!\d))")
PAGE_BANG = re.compile(r"( ?)!(?=\d)")
PAGES = re.compile(r" ([\u0441c])\.(?=[ ,;]|$)", re.M)
PAGES_BEFORE = re.compile(r"[-\u2013] \d{1,4}$")
MOSCOW = re.compile(r"\u041c(?<![\w.]\u041c)\.(?=[,:][ ]?)")  # (?<![\w.])\u041c\. : literal first, searched fast
# PAGE and PAGES split by their letter: each part starts with a literal string, which the regex engine
# finds much faster than a character class; their matches never overlap, so merged they are the same.
PAGE_PARTS = [re.compile(rf"{c}\.(?=[ ]?(?:\d|!\d))") for c in ("\u0421", "\u0441", "C")]
PAGES_PARTS = [re.compile(rf" ({c})\.(?=[ ,;]|$)", re.M) for c in ("\u0441", "c")]


def _merged(parts, text: str) -> list[re.Match]:
    return sorted((m for rx in parts for m in rx.finditer(text)), key=lambda m: m.start())


@rule("MT002", "russian-abbreviation", "translation",
      example=("[^1]: Ivanova, A. Trade and roads. - \u041c., 2020. - 680 \u0441. - \u0421. 5.\n",
               "[^1]: Ivanova, A. Trade and roads. - M., 2020. - 680 p. - P. 5.\n"))
def russian_abbreviation(ctx):
    """Translate the Russian citation abbreviations a translation tool left: page, pages, Moscow.

    Why: in a Russian citation `С. 5.` (Cyrillic or Latin C) is the page,
    `680 с.` the page count and `М.` Moscow; left as they are they read as
    garbage or as a Latin initial.  Canonical: `P. 5.`, `680 p.`, `M.`
    (Latin).  Only the citation forms are touched: the page and page count
    after the citation dash `- `, Moscow before `,` or `:`; an initial such
    as `C. Smith` stays.
    Example: `- М., 2020. - 680 с. - С. 5.` -> `- M., 2020. - 680 p. - P. 5.`.
    Safety: safe.
    """
    text = ctx.doc.text
    for m in _merged(PAGE_PARTS, text):
        s = m.start()
        if text[s - 2:s] in ("- ", "\u2013 ") or text[s - 1:s] in ("-", "\u2013"):  # after the citation dash
            e = m.end()
            bang = PAGE_BANG.match(text, e)
            if bang:    # `C. !00.`: in a page number `!` is the digit 1 (a misread)
                yield Edit(s, bang.end(), "P." + bang.group(1) + "1", "MT002",
                           "Russian page abbreviation; `!` read for the digit 1 in the page number")
                continue
            yield Edit(s, e, "P.", "MT002", "Russian page abbreviation")
    for m in _merged(PAGES_PARTS, text):
        if PAGES_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            yield Edit(m.start(1), m.end(1) + 1, "p.", "MT002", "Russian page-count abbreviation")
    if "\u041c" in text:
        for m in MOSCOW.finditer(text):
            yield Edit(m.start(), m.end(), "M.", "MT002", "Russian abbreviation of Moscow")


# Cyrillic letters that look like Latin ones.
LOOKALIKE = str.maketrans({
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O",
    "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u0423": "Y", "\u0406": "I", "\u0408": "J",
    "\u0405": "S", "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u04bb": "h", "\u0501": "d", "\u04cf": "l",
    "\u0457": "\u00ef", "\u0451": "\u00eb",
})
CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
WORD_AT = re.compile(r"\w+")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@rule("MT003", "cyrillic-lookalike", "translation",
      example=("The c\u043eoperation with the partners gr\u0435w.\n",
               "The cooperation with the partners grew.\n"))
def cyrillic_lookalike(ctx):
    """Replace Cyrillic letters inside a Latin word by the Latin letters they look like.

    Why: a translator or typist working with two keyboards mixes look-alike
    letters (`і` U+0456 for `i`, `с` for `c`): the word looks right but does
    not match, sort or search.  Only words that also hold Latin letters are
    touched; an all-Cyrillic word (untranslated Russian) stays, and so does
    anything inside a URL.  A Cyrillic letter with no Latin look-alike is
    transliterated and the change flagged.
    Example: `c\u043eoperation` (Cyrillic о) -> `cooperation`.
    Safety: safe for look-alikes; flag for a transliterated letter.
    """
    text = ctx.doc.text
    if text.isascii():
        return
    seen: set[int] = set()
    for c in CYRILLIC.finditer(text):
        pos = c.start()
        if pos in seen:
            continue
        # expand to the word around the Cyrillic letter
        s = pos
        while s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
            s -= 1
        m = WORD_AT.match(text, s)
        if m is None:
            continue
        e = m.end()
        seen.update(range(s, e))
        word = text[s:e]
        if not LATIN.search(word):
            continue
        if in_url(text, s, e):
            continue
        fixed = word.translate(LOOKALIKE)
        safety = None
        if CYRILLIC.search(fixed):
            from unidecode import unidecode
            fixed = CYRILLIC.sub(lambda x: unidecode(x.group()), fixed)
            safety = FLAG
        if fixed != word:
            yield Edit(s, e, fixed, "MT003", "Cyrillic letters in a Latin word", safety=safety)
