"""Footnote references and definitions.

The layout analyzers move the definitions to the end as `[^N]: text` blocks
(FN001 labels, FN002 moves).  These inline rules then work on the canonical
block structure:

* FN010 finds the bare reference numbers the extractor left in the running
  text (`partner."3 .`, `council12 .`, `Chile.14 .`, `" . 21`,
  `industries. 8In`) and writes them as `[^N]`.  A number is taken as a
  reference only when it fits the book's footnote numbering: references run
  1, 2, 3 ... through the book, so the longest increasing chain of candidate
  numbers (helped by the definitions found) picks the real ones and leaves
  `"15 documents`, `No.2` or `Br50` alone.
* FN011 puts every `[^N]` directly after the token it followed, punctuation
  keeping its order (`"[^3] .` -> `"[^3].`, `" .[^4]` -> `".[^4]`,
  `[^8]In` -> `[^8] In`).
* FN013 moves a reference glued to the first word of a paragraph to the end
  of the paragraph before it (the token it followed in the source).
* FN020 removes a second definition with the same number.
* FN029 audits the result: references without a definition and definitions
  without a reference are counted and flagged, never invented.

Translation placeholders standing for a reference (MT001) and the Russian
page abbreviations in definitions (MT002) are handled by the
machine-translation rules (cleaner/rules/translation.py), which run first.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..engine import FLAG, Edit
from ..registry import rule
from ..scan import SUPERSCRIPT_DIGITS, SUPERSCRIPTS

NOTE_LABEL = re.compile(r"^\[\^(\d+)\]:[ ]?", re.M)
REF = re.compile(r"\[\^(\d+)\](?!:)")
QUOTES = "\"'\u201d\u2019"

# --- reference candidates -------------------------------------------------
# Forms of a bare reference number (see FN010).  Candidates are found by
# scanning the digit runs and looking at the characters around each: much
# faster than lookbehind regexes over the whole book.
# Written to start with a plain character class (`\d\d*`, not `\d+`): the regex engine
# then skips quickly to the next possible start instead of trying every position.
DIGITS = re.compile(r"\d\d*")
SUPERSCRIPT = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079][\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{0,2}")
# A note symbol glued after a word or punctuation (`protection.*`, `said"\u2020`).
SYMBOL_REF = re.compile(r"(?<=[\w.,;:!?\"')\]\u201d])(\*{1,4}|[\u2020\u2021\u00a7])(?=[ .,;:!?)\"'\u201d]|$)", re.M)
# What may follow a reference number: punctuation, a closing quote before
# punctuation, a word, a bracket, the line end; never a decimal part.
AFTER = re.compile(r"(?![.,]\d)(?:[ ]?[.,;:!?)]|[ ]\"[.,;:]|[ ][\w(\[\"<\u201c]|[ ]?$|[ ]?\n)", re.M)
PUNCT_AFTER = re.compile(r"[ ]?[.,;:!?)]|[ ][\"'\u201d][.,;:]")
NEXT_WORD = re.compile(r"[A-Z][a-z]|[A-Z]{2,}\b")
CLOSERS = set(QUOTES)
OPENERS = set(" \n\"'\u201c\u2018([")
# evidence per form: (followed by punctuation, followed by anything else)
WEIGHT = {"quote": (3.0, 2.0), "word": (3.0, 0.5), "period": (2.5, 1.0),
          "floating": (2.5, 2.5), "next-word": (1.5, 1.5)}


def classify(text: str, s: int, e: int) -> str | None:
    """The form of the digit run text[s:e] if it may be a reference, else None."""
    p = text[s - 1] if s else "\n"
    if p.isdigit():
        return None
    nxt = text[e] if e < len(text) else "\n"
    if nxt.isalpha():
        # glued to the next word: `USD. 31THE`, `industries. 8In`, line-initial `9As`
        if NEXT_WORD.match(text, e) and (p == "\n" or (p == " " and s >= 2 and text[s - 2] in ".!?\"')\u201d")):
            return "next-word"
        return None
    if not AFTER.match(text, e):
        return None
    if p in CLOSERS:
        k = s - 1
        while k > 0 and text[k - 1] in CLOSERS:
            k -= 1
        before = text[k - 1] if k else "\n"
        if before in OPENERS or before == "\u201c":
            return None
        return "quote"
    if p == ".":
        q = text[s - 2] if s >= 2 else "\n"
        if q == " ":
            # floating period: `" .16`, `. .19`
            return "floating" if s >= 3 and not text[s - 3].isspace() and nxt in " \n" else None
        if q in CLOSERS:
            q = text[s - 3] if s >= 3 else "\n"
        if q.isspace() or q.isdigit() or q == ".":
            return None
        return "period"
    if p == " " and text[s - 3:s] == " . " and s >= 4 and not text[s - 4].isspace():
        return "floating" if nxt in " \n" else None  # `place" . 21`
    if p.isalpha():
        k = s - 1
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        letters = text[k:s]
        if len(letters) < 3 or letters.isupper():
            return None  # G20, Br50, CO2, TRUCK75: part of a name or an amount
        return "word"
    return None


LABEL_ANY = re.compile(r"\[\^(\d+)\]:")
_SPANS_CACHE: list = [None, None]


def note_spans(text: str) -> list[tuple[int, int, int]]:
    """(label number, line start, line end) of every `[^N]: ` definition line."""
    if _SPANS_CACHE[0] is text:
        return _SPANS_CACHE[1]
    spans = []
    for m in LABEL_ANY.finditer(text):
        a = m.start()
        if a and text[a - 1] != "\n":
            continue
        end = text.find("\n", a)
        spans.append((int(m.group(1)), a, len(text) if end == -1 else end))
    _SPANS_CACHE[0], _SPANS_CACHE[1] = text, spans
    return spans


def body_segments(text: str, notes) -> list[tuple[int, int]]:
    """The stretches of text that are not definition lines."""
    segs, pos = [], 0
    for _, a, b in notes:
        if a > pos:
            segs.append((pos, a))
        pos = b
    if pos < len(text):
        segs.append((pos, len(text)))
    return segs


def _candidates(text: str, segs, defined: set[int], shift=None, symbols=()):
    """All candidate references in the body: (pos, value, weight, start, end, form).

    `shift(pos)`: what to add to a printed number at pos where the book's
    numbering starts again (per page or chapter; see note_bases), else None.
    `symbols`: the note symbols the layout found (`*`, `**`, `\u2020`; see note_symbols).
    """
    found = []
    has_sup = any(c in text for c in SUPERSCRIPTS)  # most books have no superscript digit at all
    has_sym = bool(symbols) and ("*" in text or "\u2020" in text or "\u2021" in text or "\u00a7" in text)
    for a, b in segs:
        for m in DIGITS.finditer(text, a, b):
            s, e = m.span()
            if e - s > 3:
                continue
            form = classify(text, s, e)
            if form is None:
                continue
            v = int(m.group())
            if v == 0:
                continue
            if shift is not None:
                v += shift(s)
            strong, weak = WEIGHT[form]
            w = strong if PUNCT_AFTER.match(text, e) else weak
            if v in defined:
                w += 1.5
            found.append((s, v, w, s, e, form))
        for m in SUPERSCRIPT.finditer(text, a, b) if has_sup else ():  # `partner.”³`: a superscript is a reference
            s = m.start()
            if s == 0 or text[s - 1].isspace() or (m.group() in "\u00b2\u00b3" and text[s - 1] == "m"):
                continue  # m², km³: units
            v = int(m.group().translate(SUPERSCRIPT_DIGITS))
            if v and shift is not None:
                v += shift(s)
            if v:
                found.append((s, v, 4.5 if v in defined else 3.0, s, m.end(), "superscript"))
        if has_sym:  # `protection.*`, `address".**`: a note marked with a symbol (see note_symbols)
            for m in SYMBOL_REF.finditer(text, a, b):
                sym = m.group()
                if sym not in symbols:
                    continue
                s = m.start()
                v = (len(sym) if sym[0] == "*" else "\u2020\u2021\u00a7".index(sym) + 2) + (shift(s) if shift else 0)
                found.append((s, v, 4.5 if v in defined else 3.0, s, m.end(), "symbol"))
        for m in REF.finditer(text, a, b):  # references already written: anchors
            found.append((m.start(), int(m.group(1)), 6.0, m.start(), m.end(), "ref"))
    found.sort()
    return found


def _chain(cands, gap_cost: float = 1.2, max_gap_cost: float = 10.0) -> list[int]:
    """Indices of the candidates forming the best increasing numbering chain.

    Score of a chain: the candidates' weights minus `gap_cost` per number
    skipped between neighbours (a lost or unrecognised reference), at most
    `max_gap_cost` for one gap (a lost stretch of text).  Values must
    strictly increase in text order.  Dynamic programming keyed by value:
    best[v] = best chain so far ending in value v; near predecessors are
    scanned, far ones come from a prefix-maximum tree over the values.
    """
    near = int(max_gap_cost / gap_cost) + 1
    size = max((c[1] for c in cands), default=0) + 1
    tree = [(float("-inf"), -1)] * (size + 1)  # Fenwick tree: prefix max of best[u]

    def tree_put(v: int, item) -> None:
        while v <= size:
            if item[0] > tree[v][0]:
                tree[v] = item
            v += v & -v

    def tree_max(v: int):
        out = (float("-inf"), -1)
        while v > 0:
            if tree[v][0] > out[0]:
                out = tree[v]
            v -= v & -v
        return out

    best: dict[int, tuple[float, int]] = {}
    back: list[int] = []
    score: list[float] = []
    for j, (_, v, w, *_rest) in enumerate(cands):
        top, arg = w - gap_cost * min(v - 1, 3), -1  # a chain may start anywhere
        for u in range(max(1, v - near), v):
            hit = best.get(u)
            if hit is not None:
                sc = hit[0] - gap_cost * (v - u - 1) + w
                if sc > top:
                    top, arg = sc, hit[1]
        far = tree_max(v - near - 1)
        if far[1] != -1 and far[0] - max_gap_cost + w > top:
            top, arg = far[0] - max_gap_cost + w, far[1]
        back.append(arg)
        score.append(top)
        if v not in best or top > best[v][0]:
            best[v] = (top, j)
            tree_put(v, (top, j))
    if not score:
        return []
    j = max(range(len(score)), key=score.__getitem__)
    chain = []
    while j != -1:
        chain.append(j)
        j = back[j]
    return chain[::-1]


def _numbering_shift(ctx):
    """pos -> notes numbered before pos's numbering run, where the book's numbering starts
    again (the layout analyzer's `note_bases`: (0-based source line, base)); else None."""
    bases = ctx.facts.get("note_bases")
    if not bases:
        return None
    lines = [ln for ln, _ in bases]
    values = [b for _, b in bases]
    doc = ctx.doc

    def shift(pos: int) -> int:
        k = bisect_right(lines, doc.source_line(pos) - 1)
        return values[k - 1] if k else 0
    return shift


def reference_chain(ctx) -> list[tuple]:
    """The accepted references of the current text (cached per text version)."""
    text = ctx.doc.text
    cached = ctx.facts.get("_fn_chain")
    if cached and cached[0] is text:
        return cached[1]
    notes = note_spans(text)
    defined = {n for n, _, _ in notes}
    cands = _candidates(text, body_segments(text, notes), defined, _numbering_shift(ctx),
                        ctx.facts.get("note_symbols", ()))
    chosen = [cands[i] for i in _chain(cands)]
    # a lone weak candidate with no definition is not enough evidence
    accepted = []
    for k, c in enumerate(chosen):
        _, v, w, *_ = c
        prev_v = chosen[k - 1][1] if k else None
        next_v = chosen[k + 1][1] if k + 1 < len(chosen) else None
        near = (prev_v is not None and v - prev_v <= 3) or (next_v is not None and next_v - v <= 3)
        lone_ok = c[5] in ("quote", "superscript") and w >= 3.0  # `partner."3 .`: the form alone is evidence
        if c[5] == "ref" or v in defined or near or lone_ok:
            accepted.append(c)
    ctx.facts["_fn_chain"] = (text, accepted)
    return accepted


@rule("FN010", "bare-reference", "footnotes",
      example=('It is "a good partner."3 . Moreover, it "grows"4 , so we "act"5 .\n\n'
               '[^3]: Note three.\n\n[^4]: Note four.\n\n[^5]: Note five.\n',
               'It is "a good partner."[^3]. Moreover, it "grows"[^4], so we "act"[^5].\n\n'
               '[^3]: Note three.\n\n[^4]: Note four.\n\n[^5]: Note five.\n'))
def bare_reference(ctx):
    """Write a footnote reference number left in the running text as `[^N]`.

    Extractors print a superscript as a plain number glued to the token
    before it: `partner."3 .`, `Peru"4 , so`, `council12 .`,
    `Chile.14 .`, `2030..." .16`, `industries. 8In this`; some
    extractors keep the superscript digits (`partner."³`).  A number is a
    reference when it fits the book's numbering: references appear in
    increasing order through the book, so the best increasing chain of
    candidates (weighted by their form and by the definitions found) is
    taken; numbers outside it stay (`"15 documents`, `No.2`, `7(!) times`).
    Spacing and punctuation around the new `[^N]` are settled by FN011.
    Example: `partner."3 .` -> `partner."[^3].`.
    Safety: safe for a chain member; the numbering makes a false hit unlikely.
    """
    for _, v, _w, s, e, form in reference_chain(ctx):
        if form != "ref":
            yield Edit(s, e, f"[^{v}]", "FN010", f"reference {v} ({form})")


# The punctuation and spaces a reference may sit among.
ZONE_LEFT = frozenset(" .,;:!?)" + QUOTES)
ZONE_PUNCT = frozenset(".,;:!?)")


def ref_zones(text: str, a: int, b: int):
    """(start, end, spaces after) of each run of references with their punctuation in text[a:b].

    Left of a reference the whole run of punctuation and spaces belongs to
    it (`" .[^4]`), except spaces before a quote that may open a quotation
    (`in ".[^6]`).  Right of it: the spaces the superscript left, then one
    unbroken run of punctuation (`[^3] .`, `[^21] ".`), then possibly more
    references; a quote followed by a spaced period (`[^15]" .`) is not
    the reference's business and stays as printed.
    """
    last = a
    for m in REF.finditer(text, a, b):
        if m.start() < last:
            continue
        s = m.start()
        while s > last and text[s - 1] in ZONE_LEFT:
            s -= 1
        k = s
        while k < m.start() and text[k] == " ":
            k += 1
        if k > s and text[k] in QUOTES:
            s = k  # `word "[^1]`: the space before a possibly opening quote stays
        e = m.end()
        while True:
            j = e
            while j < b and text[j] == " ":
                j += 1
            if j >= b:
                break
            r = REF.match(text, j) if text[j] == "[" else None
            if r:
                e = r.end()
                continue
            k = j
            while k < b and (text[k] in ZONE_PUNCT or (text[k] in QUOTES and k + 1 < b and text[k + 1] in ZONE_PUNCT)):
                k += 1
            if k == j:
                break
            e = k
            n = k
            while n < b and text[n] == " ":
                n += 1
            if not (n < b and REF.match(text, n)):
                break
        j = e
        while j < b and text[j] == " ":
            j += 1
        last = j
        yield s, e, j


@rule("FN011", "reference-spacing", "footnotes",
      example=('Exports grew "by 5%" .[^4] Imports fell[^5] , as "planned"[^6] .\n\n'
               '[^4]: A.\n\n[^5]: B.\n\n[^6]: C.\n',
               'Exports grew "by 5%".[^4] Imports fell[^5], as "planned"[^6].\n\n'
               '[^4]: A.\n\n[^5]: B.\n\n[^6]: C.\n'))
def reference_spacing(ctx):
    """Put a reference directly after the token it followed; keep the punctuation's order.

    The extractor leaves spaces where the superscript was: `"[^3] .`,
    `" .[^4]`, `" . [^21]`, `word [^5]`, and a number glued to the next
    word leaves `[^8]In`.  Spaces inside the run of punctuation and
    references are removed; one space separates it from the next word.
    Example: `innovations..." .[^4]` -> `innovations...".[^4]`;
    `industries. [^8]In this` -> `industries.[^8] In this`.
    Safety: safe (spaces only; nothing is reordered).
    """
    text = ctx.doc.text
    for a, b in body_segments(text, note_spans(text)):
        for s, e, j in ref_zones(text, a, b):
            seg = text[s:j]
            new = text[s:e].replace(" ", "")
            if j < b and text[j] != "\n" and (j > e or text[j].isalnum()):
                new += " "
            if new != seg:
                yield Edit(s, j, new, "FN011", "reference placed after its token")


_LEAD_REF = re.compile(r"\n\n(?P<refs>(?:\[\^\d+\](?!:))+)[ ]?(?=\S)")


@rule("FN013", "leading-reference", "footnotes",
      example=('Trade grew "fast"[^7].\n\n[^8]As for imports, they fell.\n\n'
               '[^7]: A.\n\n[^8]: B.\n',
               'Trade grew "fast"[^7].[^8]\n\nAs for imports, they fell.\n\n'
               '[^7]: A.\n\n[^8]: B.\n'))
def leading_reference(ctx):
    """Move a reference that opens a paragraph to the end of the paragraph before it.

    A superscript glued to the first word of a paragraph (`8As for`)
    belongs to the token before it, which is the last token of the previous
    paragraph.  After a heading (or at the start of the text) there is no
    such token, and the reference stays where it is, followed by one space.
    Example: `fast"[^7].` + `[^8]As for` -> `fast"[^7].[^8]` + `As for`.
    Safety: unsafe: a translation tool may have moved the number to the
    head of its sentence, in which case its true place is further on.
    """
    text = ctx.doc.text
    notes = note_spans(text)
    first_note = notes[0][1] if notes else len(text)
    for m in _LEAD_REF.finditer(text, 0, first_note):
        s, e = m.start("refs"), m.end()
        prev_end = s - 2
        prev_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_start:prev_end]
        refs = m.group("refs")
        if not prev or prev.startswith("#") or NOTE_LABEL.match(prev):
            if text[m.end("refs"):e] != " ":
                yield Edit(m.end("refs"), e, " ", "FN013", "reference at a paragraph start")
            continue
        yield Edit(prev_end, e, refs + "\n\n", "FN013",
                   "reference glued to a paragraph's first word moved to the token before it",
                   safety="unsafe")


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0-100: twice their longest common subsequence over their total
    length (the Indel ratio), by the bit-parallel LCS of Hyyro (one big-integer step a character)."""
    if not a and not b:
        return 100.0
    if not a or not b:
        return 0.0
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    common = len(a) - bin(v).count("1")
    return 200.0 * common / (len(a) + len(b))


@rule("FN020", "duplicate-note", "footnotes",
      example=("Text"'"'"[^1].\n\n[^1]: Note one.\n\n[^1]: Note one.\n",
               "Text"'"'"[^1].\n\n[^1]: Note one.\n"))
def duplicate_note(ctx):
    """Keep one definition per footnote number; remove a second copy.

    A definition printed twice (a page repeated by the extractor, or a
    continuation mislabelled) would give two `[^N]:` blocks.  The longer one
    is kept (the first when equal); the other is removed and logged.  Two
    definitions that say different things are both kept and flagged: text
    is never thrown away on a number alone.
    Example: `[^1]: Note.` twice -> once.  Safety: safe for identical copies,
    unsafe for a near copy.
    """
    text = ctx.doc.text
    by_num: dict[int, list[tuple[int, int]]] = {}
    for n, a, b in note_spans(text):
        by_num.setdefault(n, []).append((a, b))
    for n, spans in by_num.items():
        if len(spans) < 2:
            continue
        keep = max(spans, key=lambda ab: (ab[1] - ab[0], -ab[0]))
        body_keep = text[keep[0]:keep[1]]
        for a, b in spans:
            if (a, b) == keep:
                continue
            other = text[a:b]
            same = other == body_keep
            if not same and similarity(other, body_keep) < 85 and not body_keep.startswith(other):
                # two different notes under one number (numbering restarted?): keep both, flag
                ctx.facts.setdefault("flags", []).append({
                    "rule": "FN020", "src_line": ctx.doc.source_line(a),
                    "message": f"two different definitions numbered {n}; both kept"})
                continue
            # remove the line and the blank line before it
            start = a - 2 if a >= 2 and text[a - 2:a] == "\n\n" else a
            end = b if start < a else min(b + 2, len(text))
            yield Edit(start, end, "", "FN020",
                       f"second definition of footnote {n}" + ("" if same else " (shorter copy)"),
                       safety=None if same else "unsafe")


@rule("FN029", "note-audit", "footnotes", safety=FLAG,
      example=("Trade grew[^1] and then fell[^2].\n\n[^1]: City council report, 2020.\n",
               "Trade grew[^1] and then fell[^2].\n\n[^1]: City council report, 2020.\n"))
def note_audit(ctx):
    """Count and flag references without a definition and definitions without a reference.

    Extraction loses footnotes (a page's block cut off, a definition read as
    body text); a person should know which.  Nothing is invented: a lost
    definition stays lost, its reference stays `[^N]`.  The counts go to the
    run summary (`footnotes_found`, `footnotes_lost`, `footnotes_unreferenced`)
    and each case is listed as a flag in the change log for review.
    Example (no text change, one flag): `fell[^2].` with no `[^2]:` definition ->
    `fell[^2].` unchanged, flagged "reference [^2] has no definition".
    Safety: flag; it only reports, the text is never changed.
    """
    text = ctx.doc.text
    notes = note_spans(text)
    defined: dict[int, int] = {}
    for n, a, _ in notes:
        defined.setdefault(n, a)
    refs: dict[int, int] = {}
    for a, b in body_segments(text, notes):
        for m in REF.finditer(text, a, b):
            refs.setdefault(int(m.group(1)), m.start())
    lost = sorted(set(refs) - set(defined))
    unref = sorted(set(defined) - set(refs))
    stats = ctx.facts.setdefault("stats", {})
    stats.update(footnotes_found=len(defined), footnotes_referenced=len(refs),
                 footnotes_lost=len(lost), footnotes_unreferenced=len(unref))
    flags = ctx.facts.setdefault("flags", [])
    src = ctx.doc.source_line
    for n in lost:
        flags.append({"rule": "FN029", "src_line": src(refs[n]),
                      "message": f"reference [^{n}] has no definition (lost in the source)"})
    for n in unref:
        flags.append({"rule": "FN029", "src_line": src(defined[n]),
                      "message": f"definition [^{n}] has no reference in the text"})
    return ()
