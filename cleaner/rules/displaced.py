"""Words a translation tool displaced out of their sentence (DW rules).

A machine-translation tool that keeps the formatting of its input moves
formatted spans (here `**bold**`) and some plain words to the wrong place:
`In alone, **Oakdale** region 9 schools opened` was
`In Oakdale region alone, 9 schools opened`.  The span leaves a *gap*
behind (a preposition or article with no noun, `district` with no name, an
empty `""`, an `is ..` with nothing after it) and lands somewhere it does not
fit: glued to a word (`of**Oakdale**`), before a stray ` .` or ` ,`
(`council **Chile** .`), stranded between two sentences, or between
two common nouns.

The rules find both, pair a displaced span with a gap of a kind that it
fits, and put it back.  A suspicious span with no certain gap only loses
its markup, and the change is flagged for review.  The rules run before the
markup rules (they need the `**` to see the spans) and only touch text that
has such spans or the plain-word shapes named in each rule.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..engine import FLAG, UNSAFE, Edit
from ..registry import declare, rule
from ..scan import matches_at

BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
SUP = re.compile(r"<sup>[^<\n]{0,12}</sup>", re.I)
WORDCH = re.compile(r"[^\W_]")

FUNCTION = frozenset("""a an the in of on at to for from with by and or but as into onto over under
    between among within about this that these those its their his her our your is are was were be been
    has have had will would can could should may might must not no than then so such which who whom
    whose what when where while also only alone itself""".split())
PLACE_NOUN = r"(?:district|region|oblast|voblast|province|county|area)"
NUMBER_WORD = re.compile(r"^(?:Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Several|Many|A few)\s+(.*)$")
QUANTIFIER = re.compile(r"^(more|other|new|further|additional)\s+")
ADJ_SPAN = re.compile(r"^((?:[A-Z][a-z]+\s+)?[A-Z][a-z]+(?:an|ese|ic|ish))\b\s*(.*)$")

# Gaps: (kind, regex on the masked line; the insertion point is the match end, unless a group "gap")
GAPS = [
    ("name", True, re.compile(rf"\b(?:[Ii]n|of|from)\s+(?={PLACE_NOUN}\b(?:\s*[.,;:!?)]|\s+(?:and|is|was|were|has|have|had|will)\b))")),
    ("adverb", True, re.compile(r"\b(?:[Ii]n|of|from|for)\s+(?=(?:alone|itself)\b)")),
    ("article-prep", True, re.compile(r"\b(?:the|a|an)\s+(?=(?:in|on|at|with|from|by)\s+[A-Z])")),
    ("article-verb", True, re.compile(r"\b(?:the|a|an)\s+(?=(?:was|were|is|are|has|have|had)\s)")),
    ("article-punct", True, re.compile(r"\b(?:the|a|an)\s+(?=[,;:](?:\s|$))")),
    ("prep-punct", True, re.compile(r"\b(?:of|in|at|from|with|to)\s+(?=[,;:](?:\s|$))")),
    ("article-abbr", True, re.compile(r"\b(?:the)\s+(?=\((?P<abbr>[A-Z][A-Za-z]{1,9})\))")),
    ("prep-verb", False, re.compile(r"\b(?:of|in|to|from|with)\s+(?=(?:was|were|is|are|has|have|had|will)\s+\w+(?:ed|en)\b)")),
    ("conj-verb", True, re.compile(r"\bbetween\s+[A-Z][\w-]*\s+and\s+(?=(?:was|were|is|are|has|have|had)\s)")),
    ("empty-is", True, re.compile(r"\b(?:is|was|are|were)\s+(?=\.\.?(?:\s|$))")),
    ("empty-quotes", True, re.compile(r"(?<=\s\")(?=\"\s)")),
    ("adjective", False, re.compile(r"\b(?:the|a|an)\s+[A-Z][a-z]+(?:ian|an|ese|ish)\s+(?=as\s+well\b)")),
    ("year-verb", False, re.compile(r"\b(?:19|20)\d\d\s+(?=(?:has|have|had|is|was|will)\s)")),
    ("that-verb", False, re.compile(r"\b(?:noted|said|stated|known|clear|obvious|evident|emphasized|stressed|"
                                    r"recalled|true)\s+that\s+(?=[a-z]+s\s)")),
    ("sentence-start", False, re.compile(r"(?:(?<=[.!?]\s)|^)(?=(?:more|other|further|additional)\s+(?:were|was|are|is|have|has)\b)")),
]
# Words a gap's regex cannot match without (any one of them): a paragraph lacking them all skips it.
GAP_HINTS = {
    "name": ("district", "region", "oblast", "province", "county", "area"),
    "adverb": ("alone", "itself"),
    "article-punct": (",", ";", ":"),
    "prep-punct": (",", ";", ":"),
    "article-abbr": ("(",),
    "conj-verb": ("between",),
    "empty-is": (".",),
    "empty-quotes": ('""',),
    "adjective": ("well",),
    "year-verb": ("19", "20"),
    "that-verb": ("that",),
    "sentence-start": ("more", "other", "further", "additional"),
}
SENTENCE_END = re.compile(r"[.!?][\"')\]]*\x02*\s+(?=[\x01\x02\"(\[]*[A-Z0-9\x01])")


def _mask(line: str) -> str:
    line = SUP.sub(lambda m: "\x02" * len(m.group()), line)
    return BOLD.sub(lambda m: "\x01" * len(m.group()), line)


ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _prev_word(masked: str, pos: int) -> str:
    """The word before pos: `re.search(r"([A-Za-z][\\w'-]*)[\\s\\x02]*$", masked[:pos])`, read
    backwards from pos (the search would try every position of the paragraph)."""
    head = masked[:pos]
    if head.rstrip(" \x02")[-1:] in ",.;:!?\"(":
        return ""
    k = len(head)
    while k and (head[k - 1].isspace() or head[k - 1] == "\x02"):
        k -= 1
    j = k
    while j and (head[j - 1].isalnum() or head[j - 1] in "_'-"):
        j -= 1
    for p in range(j, k):
        if head[p] in ASCII_LETTERS:
            return head[p:k]
    return ""


def _ends_sentence(before: str) -> bool:
    """`re.search(r"[.!?][\"']?\\s+$", before)` for a text without line breaks, from its end."""
    t = before.rstrip()
    if len(t) == len(before):
        return False
    return t[-1:] in (".", "!", "?") or (t[-1:] in ("\"", "'") and t[-2:-1] in (".", "!", "?"))


# A sentence the tool scrambled keeps a visible stutter where a word was taken out: an article or a
# preposition followed by another function word, a finite verb or a bare punctuation mark (`the in`,
# `In in`, `of was`, `the ,`, `of the and`), or a dash before a colon (`District - :`).
STUTTER = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:in|of|on|at|the|a|an|and|was|were|is|are|has|have|had)\b"
    r"|\b(?:[Ii]n|[Oo]f|at|from|with)\s+(?:in|of|the\s+(?:in|of)|was|were|is|are|has|have|had)\b"
    r"|\b(?:the|a|an|in|of|at|from|with)\s+[,;:](?=\s)|\s-\s+:")


class _Prefiltered:
    """`rx.finditer(text)`, tried only where a cheap literal-led pattern allows a match to start.

    `cands` are (pattern, where): every start of `rx` is `where` characters from a match of one
    of them, or among the positions `where(text, m)` gives (each pattern begins with a literal
    or a rare class, so the regex engine skips to it fast; each consumes only its first
    characters, so occurrences are not hidden by overlaps).  Same matches as `rx.finditer`,
    without `rx` being tried at every position of the book.
    """

    def __init__(self, rx: re.Pattern, cands: list):
        self.rx = rx
        self.cands = [(re.compile(c), where) for c, where in cands]

    def candidates(self, text: str) -> list[int]:
        """Sorted candidate starts in `text` (a superset of the starts of `rx`'s matches)."""
        pos = set()
        for c, where in self.cands:
            if isinstance(where, int):
                pos.update(m.start() + where for m in c.finditer(text))
            else:
                for m in c.finditer(text):
                    pos.update(where(text, m))
        return sorted(p for p in pos if p >= 0)

    def finditer(self, text: str):
        return matches_at(self.rx, text, self.candidates(text))


def _run_start(text: str, i: int, chars: str) -> int:
    """Start of the run of `chars` that ends just before `i`."""
    while i and text[i - 1] in chars:
        i -= 1
    return i


def _space_start(text: str, i: int) -> int:
    """Start of the run of whitespace that ends just before `i`."""
    while i and text[i - 1].isspace():
        i -= 1
    return i


LOWER = "abcdefghijklmnopqrstuvwxyz"


def _before_dot(text: str, m) -> tuple:
    """`word.word`: the lower-case word before the period."""
    return (_run_start(text, m.start(), LOWER),)


def _around_cap(text: str, m) -> tuple:
    """A capital after a lower-case run: the run's start and the capital letter before it."""
    s = _run_start(text, m.start(), LOWER)
    return (s, s - 1)


def _before_quote(text: str, m) -> tuple:
    """A quotation mark after whitespace: the 1-4 characters before the whitespace."""
    r = _space_start(text, m.start())
    return (r - 1, r - 2, r - 3, r - 4)


_T1 = r"(?=\s+(?:in|of|on|at|the|a|an|and|was|were|is|are|has|have|had|[,;:]))"
_T2 = r"(?=\s+(?:in|of|the\s+(?:in|of)|was|were|is|are|has|have|had|[,;:]))"
STUTTER_SCAN = _Prefiltered(STUTTER, [
    ("he" + _T1, -1), ("a" + _T1, 0), ("A" + _T1, 0), ("an" + _T1, 0), ("An" + _T1, 0),
    ("in" + _T2, 0), ("In" + _T2, 0), ("of" + _T2, 0), ("Of" + _T2, 0),
    ("at" + _T2, 0), ("from" + _T2, 0), ("with" + _T2, 0),
    (r"-(?=\s+:)", -1)])


def _led_by(rx: re.Pattern, words: tuple, tail: str) -> _Prefiltered:
    """`rx` (`\\b(?:word|...)\\s+(?=...)`), tried only where one of `words` is followed by `tail`."""
    return _Prefiltered(rx, [(w + "(?=" + tail + ")", 0) for w in words])


# the gaps that start with `\b` and a common word are found through their words first
_ARTICLES = ("the", "a", "an")
_GAP_SCANS = {
    "adverb": (("in", "In", "of", "from", "for"), r"\s+(?:alone|itself)"),
    "article-prep": (_ARTICLES, r"\s+(?:in|on|at|with|from|by)\s"),
    "article-verb": (_ARTICLES, r"\s+(?:was|were|is|are|has|have|had)\s"),
    "article-punct": (_ARTICLES, r"\s+[,;:]"),
    "prep-punct": (("of", "in", "at", "from", "with", "to"), r"\s+[,;:]"),
    "article-abbr": (("the",), r"\s+\("),
    "prep-verb": (("of", "in", "to", "from", "with"), r"\s+(?:was|were|is|are|has|have|had|will)\s"),
    "conj-verb": (("between",), r"\s"),
    "empty-is": (("is", "was", "are", "were"), r"\s+\."),
    "adjective": (_ARTICLES, r"\s+[A-Z]"),
}
GAPS = [(kind, certain, _led_by(rx, *_GAP_SCANS[kind]) if kind in _GAP_SCANS else rx)
        for kind, certain, rx in GAPS]

NEAR = 60  # a stutter this close to a span (same sentence) makes it doubtful
FUNCTION_CAP = re.compile(r"(?:In|Of|On|At|The|A|An|For|By|From|With)\s")
FINITE_AFTER = re.compile(r"\s+(?:has|have|had|was|were|is|are)\b")
REPEATED = re.compile(r"^([A-Z][a-z]{3,})\s+(?:\S+\s+){0,2}\1\b")
# a clause with a verb and no subject after a place name's noun (`In the X district, mastered the
# production`): the subject was taken out, and may be any span of the sentence
SUBJECTLESS = re.compile(rf"\b{PLACE_NOUN},\s+[a-z]{{3,}}ed\s+(?:the|a|an)\s")


FUNCTION_CAP_WHY = "starts with a capitalised function word in mid-sentence"
REPEATED_WHY = "a name repeated inside the span"


def _doubtful(sp: "Span", masked: str, s0: int, s1: int) -> str:
    """Why a span that is neither glued nor dangling still looks displaced ('' if it does not)."""
    if STUTTER.search(masked, max(s0, sp.a - NEAR), min(s1, sp.b + NEAR)):
        return "its sentence has a gap left by a displaced word"
    gap = SUBJECTLESS.search(masked, s0, s1)
    if gap and not (sp.b <= gap.start() and not masked[sp.b:gap.start()].strip(" \x02")):
        return "its sentence has a verb with no subject"  # (a span naming that district is in place)
    if FUNCTION_CAP.match(sp.inner) and not sp.at_start and masked[:sp.a].rstrip(" \x02")[-1:] not in ".!?\"":
        return FUNCTION_CAP_WHY
    if REPEATED.search(sp.inner):
        return REPEATED_WHY
    if _prev_word(masked, sp.a) == "which" and FINITE_AFTER.match(masked, sp.b):
        return "between `which` and its verb"
    return ""


DANGLING = re.compile(r"\s+\"?\s*[.,:;](?=\s|$)|\s*\"\s+[.,:;](?=\s|$)")
GLUED_NAMES = re.compile(r"[a-z][A-Z][a-z]|[a-z][A-Z]{2,}|[A-Z]{3,}[A-Z][a-z]{2,}")


class Span:
    __slots__ = ("a", "b", "inner", "glued_l", "glued_r", "dangling", "stranded", "interrupts", "odd",
                 "anchored", "carry_end", "at_start", "score")

    def __init__(self, line: str, masked: str, m: re.Match):
        self.a, self.b, self.inner = m.start(), m.end(), m.group(1)
        before, after = line[:self.a], line[self.b:]
        self.glued_l = bool(before) and bool(WORDCH.match(before[-1]))
        self.glued_r = bool(after) and bool(WORDCH.match(after[0]))
        self.dangling = bool(DANGLING.match(after))
        self.at_start = not masked[:self.a].strip(" \x02")
        ends_sentence = _ends_sentence(before)
        self.stranded = (ends_sentence and bool(re.match(r"\s+[A-Z]", after))
                         and not self.at_start)
        prev = _prev_word(masked, self.a)
        self.anchored = prev.lower() in FUNCTION and not self.glued_l
        self.interrupts = bool(prev) and prev[0].islower() and prev.lower() not in FUNCTION
        self.carry_end = self.b
        # a sentence that starts with a lower-case span, or a span with two names glued inside
        self.odd = ((ends_sentence and self.inner[:1].islower()) or bool(GLUED_NAMES.search(self.inner)))
        self.score = 3 if (self.glued_l or self.glued_r or (self.dangling and not self.at_start)
                           or self.stranded) else 2 if self.interrupts else 0

    @property
    def suspicious(self) -> bool:
        return self.score >= 2


def _name_like(s: str) -> bool:
    words = s.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words) and not re.search(r"[\"\d()]", s)


def _initials(words: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", words) if w[0].isupper())


def _subseq(small: str, big: str) -> bool:
    it = iter(big.upper())
    return all(ch in it for ch in small.upper())


def _split_by_abbr(inner: str, abbr1: str, abbr2: str):
    """Split `Northern Rail Union Council of ...` into the names of two abbreviations (NRU, CO...)."""
    words = list(re.finditer(r"\S+", inner))
    for k in range(1, len(words)):
        if not words[k].group()[0].isupper():
            continue
        p1, p2 = inner[:words[k].start()].strip(), inner[words[k].start():].strip()
        i1, i2 = _initials(p1), _initials(p2)
        if len(i1) >= 2 and len(i2) >= 2 and _subseq(i1, abbr1) and _subseq(i2, abbr2):
            return p1, p2
    return None


def _deletion(line: str, a: int, b: int) -> tuple[int, int, str]:
    """Range and replacement that take line[a:b] out with its spacing and doubled punctuation."""
    d0 = a
    while d0 > 0 and line[d0 - 1] == " ":
        d0 -= 1
    d1 = b
    while d1 < len(line) and line[d1] == " ":
        d1 += 1
    left = line[d0 - 1] if d0 > 0 else ""
    right = line[d1] if d1 < len(line) else ""
    if right in ",;:" and left in ",;:" and left:
        d1 += 1
        while d1 < len(line) and line[d1] == " ":
            d1 += 1
        return d0, d1, " "
    if right == "." and left in ",;:" and left:
        return d0 - 1, d1, ""
    if not right or right in ".,;:!?)\"" or not left:
        return (d0, d1, "") if left or right else (d0, d1, "")
    return d0, d1, " "


LINE = re.compile(r"[^\n]+")
LIST_ITEM = re.compile(r"\d{1,4}[.)]\s")


def _paragraphs(text: str):
    for m in LINE.finditer(text):
        line = m.group()
        if line.startswith(("#", "[^")) or LIST_ITEM.match(line):
            continue
        yield m.start(), line


def _sentences(masked: str) -> list[int]:
    return [0] + [m.end() for m in SENTENCE_END.finditer(masked)]


def _plan_paragraph(line: str):
    """(edits in line coordinates, moved span ids) for one paragraph."""
    masked = _mask(line)
    spans = [Span(line, masked, m) for m in BOLD.finditer(line)]
    if not spans:
        return [], set(), []
    starts = _sentences(masked)

    def sent(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    # A gap only takes a span that is not at the paragraph start, and (but for `the (WHO)`) not anchored
    # after a function word: with no such span the gap search is skipped.
    open_spans = any(not sp.at_start and not sp.anchored for sp in spans)
    abbr_spans = any(not sp.at_start for sp in spans)
    gaps = []
    for kind, certain, rx in GAPS:
        if not (open_spans or (kind == "article-abbr" and abbr_spans)):
            continue
        hints = GAP_HINTS.get(kind)
        if hints and not any(h in masked for h in hints):
            continue
        for m in rx.finditer(masked):
            gaps.append((kind, certain, m.end(), m))
    gaps.sort(key=lambda g: g[2])
    used_spans: set[int] = set()
    edits: list[tuple[int, int, str, str, str | None]] = []
    busy: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in busy) if a < b else all(not (x < a < y) for x, y in busy)

    span_sent = [sent(sp.a) for sp in spans]
    scrambled: dict[int, bool] = {}
    for kind, certain, pos, gm in gaps:
        gs = sent(pos)
        best = None
        for idx, sp in enumerate(spans):
            if idx in used_spans or (sp.anchored and kind != "article-abbr") or sp.at_start:
                continue
            ss = span_sent[idx]
            near = abs(ss - gs)
            if kind == "name":
                if not (sp.suspicious and _name_like(sp.inner)):
                    continue
            elif kind == "adverb":
                if not (0 < sp.a - pos < 40 and ss == gs and _name_like(sp.inner)):
                    continue
            elif kind == "article-abbr":
                after = re.match(r"\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)", line[sp.b:])
                if ss != gs or not after or not _split_by_abbr(sp.inner, gm.group("abbr"), after.group("abbr")):
                    continue
            elif kind == "empty-quotes":
                if ss != gs or sp.b == pos - 1 or sp.a == pos + 1 or '"' in sp.inner or sp.score < 2:
                    continue
            elif kind in ("empty-is", "article-punct", "prep-punct"):
                # a certain gap: a span glued or dangling later in the paragraph fills it
                if sp.score < 3 or sp.a < pos or not (sp.glued_l or sp.glued_r or sp.dangling):
                    continue
            elif kind in ("year-verb", "that-verb", "sentence-start", "adjective"):
                if ss != gs or not (sp.dangling or sp.glued_l or sp.glued_r):
                    continue
            elif kind == "prep-verb":
                if ss != gs or not sp.suspicious:
                    continue
                if gs not in scrambled:
                    scrambled[gs] = _scrambled(masked, starts, gs)
                if scrambled[gs]:
                    continue
            else:
                if near > (1 if sp.stranded else 0) or not (sp.suspicious or kind == "conj-verb"):
                    continue
            key = (-sp.score if kind not in ("adverb",) else 0, near, abs(sp.a - pos))
            if best is None or key < best[0]:
                best = (key, idx)
        if best is None:
            continue
        idx = best[1]
        sp = spans[idx]
        planned = _move(line, masked, sp, kind, pos, gm)
        if planned is None:
            continue
        if not all(free(a, b) for a, b, *_ in planned):
            continue
        used_spans.add(idx)
        for a, b, rep, reason, safety in planned:
            busy.append((a, b) if a < b else (a, a))
            edits.append((a, b, rep, reason, safety))
    return edits, used_spans, spans


def _scrambled(masked: str, starts: list[int], s: int) -> bool:
    """A sentence with glued function words is too scrambled to rebuild from one gap."""
    end = starts[s + 1] if s + 1 < len(starts) else len(masked)
    chunk = masked[starts[s]:end]
    return bool(re.search(r"\b[a-z]{3,}(?:the|of|was)\b", chunk)) and len(re.findall(r"\b(?:the|a)\s+(?:in|of)\s+[a-z]", chunk)) + \
        len(re.findall(r"\b[a-z]{4,}(?:the|of|was|in)\b", chunk)) >= 2


def _move(line, masked, sp: Span, kind, pos, gm):
    """Edits that take the span out of its place and put it into the gap at `pos`."""
    inner = sp.inner.strip()
    a, b = sp.a, sp.b
    reason = f"displaced {inner!r} put back ({kind} gap)"
    out = []
    if kind == "article-abbr":
        after = re.match(r"\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)", line[sp.b:])
        p1, p2 = _split_by_abbr(sp.inner, gm.group("abbr"), after.group("abbr"))
        out.append((pos, pos, p1 + " ", reason.replace(repr(inner), repr(p1)), None))
        out.append((a, b, p2, f"{p1!r} taken out of the span", None))
        return out
    filler = inner
    carry = re.match(rf"\s+({PLACE_NOUN})\b", line[b:]) if kind == "adverb" else None
    if kind == "conj-verb":
        carry = re.match(r"\s+(for\s+(?:19|20)\d\d(?:-(?:19|20)\d\d)?)\b", line[b:])
    if carry:
        filler = f"{inner} {carry.group(1)}"
        b = b + carry.end()
    d0, d1, rep = _deletion(line, a, b)
    if d0 <= pos <= d1:
        return None
    if kind == "empty-quotes":
        out.append((pos, pos, filler, reason, None))
    elif kind == "empty-is":
        dots = re.match(r"\.\.?", line[pos:])
        out.append((pos, pos + len(dots.group()), filler + ".", reason, None))
    elif kind == "sentence-start":
        q = QUANTIFIER.match(line[pos:])
        nw = NUMBER_WORD.match(filler)
        if q and nw:
            filler = f"{filler.split()[0]} {q.group(1)} {nw.group(1)}"
            out.append((pos, pos + q.end(), filler + " ", reason, UNSAFE))
        else:
            out.append((pos, pos, filler + " ", reason, UNSAFE))
    elif line[pos:pos + 1] in ",;:":
        out.append((pos - 1, pos, " " + filler, reason, None)) if line[pos - 1:pos] == " " else \
            out.append((pos, pos, filler, reason, None))
    else:
        out.append((pos, pos, filler + " ", reason, None))
    out.append((d0, d1, rep, f"{inner!r} taken out of the wrong place", None))
    return out


@rule("DW002", "displaced-span", "markdown", safety=UNSAFE,
      example=("Three schools were opened in district. The largest one is a modern college of**Oakdale** "
               "arts and crafts.\n",
               "Three schools were opened in Oakdale district. The largest one is a modern college of "
               "arts and crafts.\n"))
def displaced_span(ctx):
    """Put a word the translation tool displaced back into the gap its sentence shows.

    A formatted span (`**Oakdale**`) that sits where it does not fit -- glued
    to a word, before a stray ` .`/` ,`, stranded between two sentences, or
    between two common nouns -- is moved into a gap of a kind it fits: a
    preposition before `district`/`region` with no name (`in district`),
    a preposition before `alone` (`in alone,`), an article before a
    preposition, verb or comma (`opened the in Riverton`, `a was held`),
    `the (WHO)` (the span is split by the abbreviations), `between X and
    was approved`, an empty `is ..` or `""`; weaker gaps (`of 2025 has`,
    `noted that grows`, a sentence starting `more were`) take only a span
    that is glued or dangling in the same sentence.  The span's markers go,
    and a doubled punctuation left behind closes up.
    Example: `in alone, **Oakdale** region 9 schools` -> `in Oakdale region alone, 9 schools`.
    Safety: unsafe (word order changes); every move is logged with both places.
    """
    text = ctx.doc.text
    if "**" not in text:
        return
    moved = ctx.facts.setdefault("displaced", {"moved": 0, "flagged": 0})
    for off, line in _paragraphs(text):
        if "**" not in line:
            continue
        edits, used, spans = _plan_paragraph(line)
        for a, b, rep, reason, safety in edits:
            yield Edit(off + a, off + b, rep, "DW002", reason, safety)
        moved["moved"] += len(used)
        masked = _mask(line) if spans else ""
        starts = _sentences(masked) if spans else [0]
        sent_of = [bisect_right(starts, sp.a) - 1 for sp in spans]
        doubts = {}
        for idx, sp in enumerate(spans):
            if idx in used or sp.at_start:
                continue
            if sp.score >= 3 or sp.odd:
                doubts[idx] = ""
                continue
            k = sent_of[idx]
            doubt = _doubtful(sp, masked, starts[k], starts[k + 1] if k + 1 < len(starts) else len(masked))
            if doubt:
                doubts[idx] = doubt
        # a span that is out of place by its own shape (glued, dangling, a capitalised `In` inside)
        # and found no gap marks a sentence the tool scrambled: its other spans may have been moved
        # too, wherever they sit (a span moved back into its gap says nothing of the others)
        scrambled = {sent_of[i] for i, why in doubts.items() if why in ("", FUNCTION_CAP_WHY, REPEATED_WHY)}
        for idx, sp in enumerate(spans):
            if idx not in used and idx not in doubts and sent_of[idx] in scrambled and not sp.at_start:
                doubts[idx] = "shares its sentence with a displaced span"
        for idx, sp in enumerate(spans):
            if idx not in doubts:
                continue
            doubt = doubts[idx]
            # no certain gap: only the markers go (DW002 logs it), keep the word where it is
            lead = " " if sp.glued_l else ""
            trail = " " if sp.glued_r else ""
            moved["flagged"] += 1
            why = doubt or ("glued to a word" if (sp.glued_l or sp.glued_r) else "before a stray punctuation mark"
                   if sp.dangling else "stranded between sentences" if sp.stranded
                   else "glued words inside, or a sentence starting in lower case")
            yield Edit(off + sp.a, off + sp.b, f"{lead}{sp.inner.strip()}{trail}", "DW003",
                       f"possibly displaced span ({why}); no certain gap: markers removed, left in place", FLAG)
    stats = ctx.facts.setdefault("stats", {})
    stats["displaced_moved"] = moved["moved"]
    stats["displaced_flagged"] = moved["flagged"]


declare("DW003", "displaced-span-unplaced", "markdown", FLAG, """
    Flag a span that looks displaced but has no certain gap: only its markers are removed.

    A formatted span glued to a word or dangling before a stray ` .` was
    moved by the translation tool, but when its sentence shows no gap that
    it fits, putting it anywhere would be a guess.  The edits are made by
    DW002 in the same pass (the two decisions are made together, paragraph
    by paragraph); a span glued to a word is set off by a space.  Also
    flagged: a span whose sentence shows a gap (a stutter like `the in`
    near it, or a verb with no subject after a place noun: `district,
    mastered the`), and every span that shares its sentence with one
    flagged for its own shape (glued, dangling, a capitalised `In` inside),
    since the tool moves the spans of a sentence together.
    Example: `on schedule**Greenfield Farm** " .` (no gap) ->
    `on schedule Greenfield Farm " .`, flagged.
    Safety: flag (for a person to check where the word belongs).
    """, example=("Deliveries were made on schedule**Greenfield Farm** \" .\n",
                  "Deliveries were made on schedule Greenfield Farm \" .\n"))


PARTICIPLE = re.compile(r"(?<=\s)([a-z]{3,}ed)\.\s+(?=[a-z])")
VERB_CAP = re.compile(r"\b(?:was|were|is|are|been|be)\s+(?=([A-Z][a-z]+)\s)")
STARTERS = frozenset("here there this these those it in at and but so thus however then also the a".split())


@rule("DW004", "displaced-participle", "translation", safety=UNSAFE,
      example=("The plan \"Repair of approved. the old river bridge\" costing two million euros was "
               "Then work starts in May.\n",
               "The plan \"Repair of the old river bridge\" costing two million euros was approved. "
               "Then work starts in May.\n"))
def displaced_participle(ctx):
    """Put a sentence-closing participle the translation tool moved back after its `was`.

    Shape: a `was`/`were`/`is` directly followed by the capitalised word
    that starts the next sentence (`euros was Then work`) -- the sentence
    lost its last word -- and, earlier in the same paragraph, a participle
    with a period in the middle of a sentence (`of approved. the old`).
    The participle and its period go back after the verb.
    Example: `... of approved. the old river bridge ... euros was Then` ->
    `... of the old river bridge ... euros was approved. Then`.
    Safety: unsafe; only when both halves are in one paragraph and the
    capitalised word is a common sentence opener.
    """
    if ctx.input_kind not in ("markdown", "canonical"):
        return
    text = ctx.doc.text
    for off, line in _paragraphs(text):
        if "ed." not in line:
            continue  # PARTICIPLE needs it
        parts = list(PARTICIPLE.finditer(line))
        if not parts:
            continue
        gaps = [g for g in VERB_CAP.finditer(line) if g.group(1).lower() in STARTERS]
        if len(parts) != 1 or len(gaps) != 1:
            continue
        p, g = parts[0], gaps[0]
        if not (p.end() <= g.start()):
            continue
        yield Edit(off + p.start(), off + p.end(), "", "DW004", f"displaced {p.group(1)!r} taken out")
        yield Edit(off + g.end(), off + g.end(), f"{p.group(1)}. ", "DW004",
                   f"displaced {p.group(1)!r} put back after the verb")


GLUED_FN = re.compile(r"([a-z](?<!\w[a-z])[a-z]+)(in|the|of)\b")  # \b([a-z]{2,})(in|the|of)\b, class first
ORDER_GAP = re.compile(r"\b(?<!in )(?<!the )(?<!an )(?<!this )(?<!that )(?<!no )(?=order to\b)")


@rule("DW005", "glued-function-word", "translation", safety=UNSAFE,
      example=("Talks covered the delivery ofin hospital beds and the training of nurses and of doctors "
               "order to raise standards.\n",
               "Talks covered the delivery of hospital beds and the training of nurses and of doctors "
               "in order to raise standards.\n"))
def glued_function_word(ctx):
    """Take a function word the translation tool glued to another word back to its gap.

    Shape: a token that is not a word but is a word plus `in`/`the`/`of`
    (`ofin`, `districtthe`, `regionin`).  If the same sentence has the gap
    that word leaves (`doctors order to` lacks the `in` of `in order to`),
    the word goes there; otherwise the two words are only set apart and the
    change is flagged.
    Example: `the delivery ofin hospital ... doctors order to` -> `the delivery of hospital ... doctors in order to`.
    Safety: unsafe when moved; flag when only split.
    """
    if ctx.input_kind not in ("markdown", "canonical"):
        return
    from ..context import dictionary

    text = ctx.doc.text
    vocab = ctx.vocab
    # cheap pre-test: a rare token whose head is a common word of the book (the dictionary is
    # loaded only when such a token exists)
    if not any(vocab.get(m.group(), 0) <= 1 and vocab.get(m.group(1), 0) >= 2
               for m in GLUED_FN.finditer(text)):
        return
    words = dictionary()
    for off, line in _paragraphs(text):
        for m in GLUED_FN.finditer(line):
            tok, head, fn = m.group(), m.group(1), m.group(2)
            if tok in words or vocab.get(tok, 0) > 1 or head not in words or vocab.get(head, 0) < 2:
                continue
            if len(head) < 2 or (len(head) < 4 and head not in ("of", "in", "to", "on", "at", "by")):
                continue
            gap = None
            if fn == "in":
                end = line.find(". ", m.end())
                seg_end = len(line) if end == -1 else end
                g = ORDER_GAP.search(line, m.end(), seg_end)
                if g:
                    gap = g.start()
            if gap is not None:
                yield Edit(off + m.start(1) + len(head), off + m.end(), "", "DW005", f"displaced {fn!r} taken out")
                yield Edit(off + gap, off + gap, f"{fn} ", "DW005", f"displaced {fn!r} put back")
            else:
                yield Edit(off + m.start(), off + m.end(), f"{head} {fn}", "DW005",
                           f"{fn!r} glued to {head!r}: set apart; where it belongs is unsure", FLAG)


ADJ_AFTER_NOUN = re.compile(r"\b(?P<noun>[a-z]+s)\s+\*\*(?P<span>[^*\n]+?)\*\*")


@rule("DW001", "adjective-after-noun", "markdown", safety=UNSAFE,
      example=("Strong growth was seen in markets **West African**, above all in Ghana.\n",
               "Strong growth was seen in West African markets, above all in Ghana.\n"))
def adjective_after_noun(ctx):
    """Put a displaced geographic adjective back before its noun.

    Shape: a plural noun directly followed by a formatted adjective of
    place (`markets **West African**`, `three markets **North African - Egypt
    and Morocco**`): the adjective goes before the noun, anything after it
    in the span stays after the noun.  Runs before DW002.
    Example: `markets **North African - Egypt and Morocco**` -> `North African markets - Egypt and Morocco`.
    Safety: unsafe (word order).
    """
    text = ctx.doc.text
    if "**" not in text:
        return
    for off, line in _paragraphs(text):
        if "**" not in line:
            continue  # ADJ_AFTER_NOUN needs it
        for m in ADJ_AFTER_NOUN.finditer(line):
            adj = ADJ_SPAN.match(m.group("span").strip())
            if not adj:
                continue
            rest = adj.group(2)
            if rest and not rest.startswith(("-", ",", "(")):
                continue
            new = f"{adj.group(1)} {m.group('noun')}" + (f" {rest}" if rest else "")
            yield Edit(off + m.start(), off + m.end(), new, "DW001",
                       f"displaced adjective {adj.group(1)!r} put before {m.group('noun')!r}")


# Plain-word traces of displacement (no markup to find them by); flag only.
PLAIN_TRACES = [
    (STUTTER_SCAN, "a gap: an article or preposition followed by another function word, a verb or a bare mark"),
    (_Prefiltered(re.compile(r"(?<![/.@\w])([a-z]{3,})\.(?!(?:html?|php|aspx?|pdf|com|org|net|ru|by|de|gov|edu|info)\b)"
                             r"([a-z]{2,})\b(?![./\w])"), [(r"\.(?<=[a-z]{3}\.)(?=[a-z]{2})", _before_dot)]),
     "a period glued between two words"),
    (_Prefiltered(re.compile(r"\b[a-z]{4,}[A-Z][a-z]{3,}\b"), [(r"[A-Z](?<=[a-z][A-Z])(?=[a-z]{3})", _around_cap)]),
     "a word glued to a capitalised word"),
    (_Prefiltered(re.compile(r"\b([A-Z][a-z]{3,})[a-z]*\1\b"), [(r"[A-Z](?<=[a-z][A-Z])(?=[a-z]{3})", _around_cap)]),
     "a name glued to its own repetition"),
    (_Prefiltered(re.compile(r"\bthe\s+quite\b"), [(r"the(?=\s+quite)", 0)]), "an article before `quite`"),
    (_Prefiltered(re.compile(r"\b(?!(?:in|the|an?|this|that|no|any|each|every|its|his|her|their|our|your|"
                             r"same|first)\b)[a-z]{2,}\s+order\s+to\b"),
                  [(r"order(?=\s+to\b)", lambda text, m: (_run_start(text, _space_start(text, m.start()), LOWER),))]),
     "`order to` without its `in`"),
    (_Prefiltered(re.compile(r"\w\s+\"\s+(?:[.,](?=\s|$)|and\b)|\b(?:in|of|at|to|from|with|by|the)\s+\"\s*[.,]"),
                  [(r"\"(?<=\s\")(?=\s*[.,]|\s+and)", _before_quote)]),
     "a lone quotation mark between words or before a mark"),
]


TRACE_SAMPLE = 12_000  # characters of a book searched for the tool's traces before the whole book


def _traces(ctx, text: str) -> tuple[list, set, int]:
    """(hits as (source line, kind, token), kinds seen, number of hits) of PLAIN_TRACES in `text`."""
    hits, kinds, seen = [], set(), set()
    # candidate starts over the whole text at once (a candidate pattern finds in the text at
    # least what it finds in a paragraph), then each paragraph tries only its own
    cands = [rx.candidates(text) for rx, _ in PLAIN_TRACES]
    for off, line in _paragraphs(text):
        end = off + len(line)
        for (rx, what), cs in zip(PLAIN_TRACES, cands):
            i = bisect_left(cs, off)
            j = bisect_left(cs, end, i)
            if i == j:
                continue
            for m in matches_at(rx.rx, line, [c - off for c in cs[i:j]]):
                src = ctx.doc.source_line(off + m.start())
                if (src, m.group()) not in seen:
                    seen.add((src, m.group()))
                    hits.append((src, what, m.group()))
                    kinds.add(what)
    return hits, kinds, len(hits)


@rule("DW006", "displaced-word-trace", "translation", safety=FLAG,
      example=("The plan was finalized.as a first step; the in May the work in was started by partners.\n",
               "The plan was finalized.as a first step; the in May the work in was started by partners.\n"))
def displaced_word_trace(ctx):
    """Flag the traces a displaced plain word leaves, in a book where the tool displaced formatted spans.

    Why: the same translation tool moves plain words too, and those have no
    markup to find them by; what remains is a visible stutter (`work in was
    started`, `the in`, `of the ,`), a period or a capitalised word glued
    between two words (`finalized.as`, `conditionsNorthern`), a name glued to
    its own repetition, `the quite`, `order to` without its `in`, or a lone
    `"` before a mark.  Where the
    word belongs is not certain, so nothing is changed: each trace is listed
    for review.  Runs only when DW002/DW003 found at least three displaced
    spans in the book, or the book's opening 12,000 characters have three
    such traces of two kinds or more (the evidence that this tool was at
    work), so an ordinary book with one odd typo gets no flags.
    Example: `finalized.as a first step; the in May the work in was started` -> unchanged, three flags.
    Safety: flag (no text change).
    """
    found = ctx.facts.get("displaced") or {}
    text = ctx.doc.text
    # the tool's evidence: displaced spans, or several traces of more than one kind; the
    # traces are sought in the book's opening stretch first (the tool's damage runs through
    # a whole book), so a long book without it costs a few milliseconds, not a full scan
    if found.get("moved", 0) + found.get("flagged", 0) < 3:
        _, sample_kinds, sample_hits = _traces(ctx, text[:TRACE_SAMPLE])
        if sample_hits < 3 or len(sample_kinds) < 2:
            return ()
    hits = _traces(ctx, text)[0]
    flags = ctx.facts.setdefault("flags", [])
    for src, what, tok in hits:
        flags.append({"rule": "DW006", "src_line": src,
                      "message": f"possibly displaced word: {what} ({tok!r}); check the sentence"})
    return ()
