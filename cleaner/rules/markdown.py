"""Markdown-converter markup: `<sup>` references, bold, escapes, links.

A PDF-to-Markdown converter leaves its own markup in the text: footnote
references as `<sup>N</sup>`, emphasis as `**bold**`, `\\$` escapes, links
as `<https://...>` and `[text](target)`.  None of it belongs in the
canonical text.  These rules run on the joined blocks (the layout analyzer
in cleaner/layout/markdown.py has already made the blocks and moved the
footnote definitions); each one fires only on its own markup, so a plain
text book is not touched.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from ..engine import FLAG, Edit
from ..registry import rule
from ..scan import matches_at

# `<sup>4</sup>`, `<sup>[4]</sup>`, a list `<sup>4,5</sup>`; a garbled `<sup>41n</sup>` keeps its digits
SUP = r"<sup>\s*\[?(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)[a-z]?\]?\s*</sup>"
SUP_RUN = re.compile(rf"{SUP}(?:[ \t]*{SUP})*", re.I)
SUP_ONE = re.compile(SUP, re.I)


def _sup_numbers(markup: str) -> list[str]:
    """The reference numbers in a run of `<sup>` tags, lists split."""
    return [n for g in SUP_ONE.findall(markup) for n in re.split(r"\s*[,;]\s*", g)]


UNIT_BEFORE = re.compile(r"(?<![A-Za-z])[kcmd]?m$")  # km<sup>2</sup>: an exponent
BLOCK_START_SUP = re.compile(rf"(?<=\n\n)(?:{SUP}[ \t]*)+(?=\S)", re.I)
BOLD = re.compile(r"\*\*(?=[^*\n])([^\n]*?[^*\s\n]|[^*\s\n])\*\*(?!\*)")
BOLD_LOOSE = re.compile(r"\*\*([^*\n]+?)\*\*")
STRAY_BOLD = re.compile(r"\*\*")
# `(?<![*\w\\])\*...` with the look-behind moved after the `*` (same matches): a pattern that starts
# with a literal is searched fast.
UNDERSCORE = re.compile("_")
UNDERSCORE_ITALIC = re.compile(r"(?<![\w\\*_])_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_\\])_(?![\w*_])")
ITALIC = re.compile(r"\*(?<![*\w\\]\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![*\w])")
ESCAPE = re.compile(r"\\{1,2}(?=[$_*\[\]#`~|<>()!.+-])")
LINK = re.compile(r"(!?)\[((?:\\.|[^\]\\\n])*)\]\(([^)\s]*(?:<[^)\n]*)?)\)")
# LINK without its `!`: it starts with a literal, which the regex engine finds fast (see _links)
LINK_BODY = re.compile(r"\[(?:\\.|[^\]\\\n])*\]\([^)\s]*(?:<[^)\n]*)?\)")
ANGLE_URL = re.compile(r"<((?:https?://|www\.|mailto:)[^>\s]+)>")
URL_TAIL = re.compile(
    r"(?P<head><(?:https?://|www\.)[^>\s]+>|\[(?:https?://|www\.)[^\]\s]+\]\([^)\s]*\))"
    r"[ \t]*\n?[ \t]*"
    r"(?P<tail>\[(?!https?://|www\.)(?P<t1>[^\]\s]+)\]\([^)\s]*\)|<(?!https?://|www\.|mailto:)(?P<t2>[^>\s]+)>)")
HTML_TAG = re.compile(r"</?(?:u|a|p|div|span|b|i|em|strong|sub|sup|br|font|small|big|s|strike)"
                      r"(?:\s[^<>\n]*)?/?>|<div\s[^<>\n]*?(?=\)|$)"
                      r"|<!--[^\n]{0,200}?-->", re.I)  # and a converter's comment: `<!-- image -->`, `<!-- page 3 -->`
WORD_CHAR = re.compile(r"[^\W_]")


SUP_TAG = re.compile(r"<[sS][uU][pP]")  # `"<sup" in text.lower()` without lower-casing the book


def _has_sup(text: str) -> bool:
    return "<" in text and SUP_TAG.search(text) is not None


def _markdown_doc(ctx) -> bool:
    """Emphasis rules act on converter Markdown only (a `*` elsewhere may be a note symbol)."""
    return ctx.input_kind == "markdown"


def _block_kind(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    line = text[start:start + 4]
    if line.startswith("# "):
        return "heading"
    if line.startswith("[^"):
        return "note"
    return "body"


BLOCK_START_HINT = re.compile(r"\n\n<")


def _block_start_sups(text: str):
    """BLOCK_START_SUP.finditer(text), tried only where a block starts with `<` (its matches all do)."""
    return matches_at(BLOCK_START_SUP, text, (h.end() - 1 for h in BLOCK_START_HINT.finditer(text)))


@rule("MD001", "reference-at-paragraph-start", "markdown",
      example=("The road \"is now open\" .\n\n<sup>4</sup>Traffic grew at once.\n",
               "The road \"is now open\".[^4]\n\nTraffic grew at once.\n"))
def reference_at_start(ctx):
    """Move a footnote reference printed at the start of a paragraph to the end of the paragraph before.

    A converter (or a translation tool) sometimes puts the `<sup>N</sup>` of
    the sentence that closes a paragraph at the start of the next one.  By
    the canonical rule a reference belongs after the token it followed, which
    is the last token of the previous paragraph.  A ` .` or `" .` before it
    becomes `".` (the space was left by the moved reference).
    Example: `open" .` / `<sup>4</sup>Traffic grew` -> `open".[^4]` / `Traffic grew`.
    Safety: safe when the previous block is a paragraph (headings and
    footnote definitions are not touched).
    """
    text = ctx.doc.text
    if not _has_sup(text):
        return
    for m in _block_start_sups(text):
        gap = m.start() - 2  # the "\n\n" before the reference
        prev_end = gap
        if prev_end <= 0 or _block_kind(text, prev_end - 1) != "body":
            continue
        refs = "".join(f"[^{n}]" for n in _sup_numbers(m.group(0)))
        a = prev_end
        punct = ""
        tail = re.search(r"(?<=\S) ([.,;:])$", text[max(0, a - 3):a])
        if tail:
            a -= 2
            punct = tail.group(1)
        yield Edit(a, m.end(), f"{punct}{refs}\n\n", "MD001",
                   f"reference {refs} moved from the start of the next paragraph")


@rule("MD002", "sup-reference", "markdown",
      example=("The bridge was \"finished\" .<sup>2</sup> And a <sup>3</sup>second one followed.\n",
               "The bridge was \"finished\".[^2] And a[^3] second one followed.\n"))
def sup_reference(ctx):
    """Write a `<sup>N</sup>` footnote reference as `[^N]`, directly after the token it follows.

    The reference loses the spaces before it; a ` .` (or ` ,`) right before
    it, left by the translation tool, closes up (`" .<sup>2</sup>` ->
    `".[^2]`); a ` .` right after it moves in (`"<sup>9</sup> . In` ->
    `"[^9]. In`); a word glued to its end is set off by a space
    (`<sup>3</sup>second` -> `[^3] second`).  A garbled number such
    as `<sup>41n</sup>` keeps its digits.  Safety: safe.
    """
    text = ctx.doc.text
    if not _has_sup(text):
        return
    for m in SUP_RUN.finditer(text):
        nums = _sup_numbers(m.group(0))
        if nums in (["2"], ["3"]) and UNIT_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            yield Edit(m.start(), m.end(), "\u00b2" if nums == ["2"] else "\u00b3", "MD002",
                       "a unit's exponent, not a reference")
            continue
        refs = "".join(f"[^{n}]" for n in nums)
        a, b = m.start(), m.end()
        before = text[max(0, a - 3):a]
        pre = ""
        if a >= 2 and text[a - 1] != "\n":
            k = a
            while k > 0 and text[k - 1] in " \t":
                k -= 1
            if k > 0 and text[k - 1] != "\n":
                a = k
            tail = re.search(r"(?<=[^\s]) ([.,;:])$", text[max(0, a - 3):a])
            if tail and text[a - 1] == tail.group(1):
                a -= 2
                pre = tail.group(1)
        post = ""
        after = text[b:b + 3]
        moved = re.match(r"[ \t]+([.,;:])(?=\s|$)", after)
        if moved:
            b += moved.end()
            post = moved.group(1)
        elif after[:1] and (WORD_CHAR.match(after[:1]) or after[:1] in "*_(") and text[a - 1:a] != "\n":
            post = " "
        reason = "reference" if len(nums) == 1 else "references"
        if any(not n.isdigit() for n in nums) or re.search(r"\d[a-z]\s*</sup>", m.group(0), re.I):
            reason += " (garbled number, digits kept)"
        del before
        yield Edit(a, b, f"{pre}{refs}{post}", "MD002", reason)


@rule("MD003", "emphasis-markers", "markdown",
      example=("The partner is **Chile**, a **key** supplier.\n", "The partner is Chile, a key supplier.\n"))
def emphasis(ctx):
    """Remove `**bold**`, `*italic*` and `_italic_` markers left by the converter.

    The canonical text carries no emphasis markup.  Where a marker glued
    the span to a neighbouring word (`of**Oakdale**`), the markers become a
    space and the change is flagged: the word may have been displaced by a
    translation tool (see the DW rules).  A stray unpaired `**` is removed
    and flagged.  Only Markdown input is touched (an OCR'd `**` may be a
    footnote marker).
    Example: `the partner is **Chile**, a *key* supplier` -> `the partner is Chile, a key supplier`.
    Safety: safe; glued spans flagged.
    """
    if not _markdown_doc(ctx):
        return
    text = ctx.doc.text
    if "*" not in text and "_" not in text:
        return
    taken: list[tuple[int, int]] = []
    for m in BOLD_LOOSE.finditer(text):
        a, b = m.start(), m.end()
        inner = m.group(1)
        left = text[a - 1:a] if a else ""
        right = text[b:b + 1]
        lead = " " if left and WORD_CHAR.match(left) and WORD_CHAR.match(inner[:1] or " ") else ""
        trail = " " if right and WORD_CHAR.match(right) and WORD_CHAR.match(inner[-1:] or " ") else ""
        body = inner.strip() if (lead or trail) else inner
        if inner != inner.strip() and not lead and not trail:
            # `** word**`: keep the outer spacing of the text, drop the inner padding
            body = inner.strip()
            if inner[:1].isspace() and left and not left.isspace():
                body = " " + body
            if inner[-1:].isspace() and right and not right.isspace() and right not in ".,;:!?\"')":
                body = body + " "
        inner_italic = UNDERSCORE_ITALIC.fullmatch(body.strip())
        if inner_italic:  # `**_both_**`: one edit takes both markers
            body = body.replace(inner_italic.group(), inner_italic.group(1))
        glued = bool(lead or trail)
        yield Edit(a, b, f"{lead}{body}{trail}", "MD003",
                   "bold glued to a word" if glued else "bold markers", FLAG if glued else None)
        taken.append((a, b))
    spans = iter(taken)
    cur = next(spans, None)
    for m in STRAY_BOLD.finditer(text):
        while cur is not None and cur[1] <= m.start():
            cur = next(spans, None)
        if cur is not None and cur[0] <= m.start() < cur[1]:
            continue
        yield Edit(m.start(), m.end(), "", "MD003", "unpaired bold marker", FLAG)
    if ctx.input_kind != "markdown":
        return
    cur_iter = iter(taken)
    cur = next(cur_iter, None)
    for m in ITALIC.finditer(text):
        while cur is not None and cur[1] <= m.start():
            cur = next(cur_iter, None)
        if cur is not None and cur[0] < m.end() and m.start() < cur[1]:
            continue
        taken.append((m.start(), m.end()))
        yield Edit(m.start(), m.end(), m.group(1), "MD003", "italic markers")
    if "_" not in text:
        return
    # `_italic_` (some converters write emphasis so); never inside a word, an address or a path.
    # A match starts at a `_`: only those places are tried.
    taken.sort()
    starts = [x for x, _ in taken]
    for m in matches_at(UNDERSCORE_ITALIC, text, [u.start() for u in UNDERSCORE.finditer(text)]):
        a, b = m.span()
        k = bisect_left(starts, b)   # the spans taken do not overlap: the last one starting before b
        token_start = max(text.rfind(" ", 0, a), text.rfind("\n", 0, a)) + 1
        if (k and taken[k - 1][1] > a) or "/" in text[token_start:b] or "@" in text[token_start:b]:
            continue
        yield Edit(a, b, m.group(1), "MD003", "italic markers")


@rule("MD006", "markdown-escape", "markdown",
      example=("It costs more than \\$45 million.\n", "It costs more than $45 million.\n"))
def escapes(ctx):
    """Remove the backslash escapes of Markdown (`\\$`, `\\_`, `\\[`) and keep the character.

    The converter escapes characters that mean something in Markdown; the
    canonical text is plain.
    Example: `\\$45 million` -> `$45 million`; `press\\\\_office` -> `press_office`.
    Safety: safe; only a backslash before a Markdown character goes.
    """
    text = ctx.doc.text
    if "\\" not in text:
        return
    for m in ESCAPE.finditer(text):
        yield Edit(m.start(), m.end(), "", "MD006", "markdown escape")


@rule("MD004", "url-tail-join", "markdown",
      example=("See URL: <https://news.example.org/view/trade-> [fair-opens-2024/](#)\n",
               "See URL: https://news.example.org/view/trade-fair-opens-2024/\n"))
def url_tail(ctx):
    """Join a URL whose tail the converter printed as a separate link, with no space.

    A URL cut at the end of a page (or line) goes on as a link of its own,
    `[tail](#)` or `<tail>`, which the layout puts after the head.  A tail is
    a link whose text has no scheme (`https://`), right after a URL link;
    the head and tail are one URL (the tail's printed text is used, not its
    converter-made target).  Example: `<https://a.org/trade->
    [fair-2024/](#)` -> `https://a.org/trade-fair-2024/`.
    Safety: safe (only link markup next to link markup).
    """
    text = ctx.doc.text
    if not any(h in text for h in ("<http", "<www.", "[http", "[www.")):
        return  # a URL_TAIL head is a link to an address
    for m in URL_TAIL.finditer(text):
        head = m.group("head")
        hm = LINK.match(head)
        url = _unescape(hm.group(2)) if hm else head[1:-1]
        tail = _unescape(m.group("t1") or m.group("t2"))
        yield Edit(m.start(), m.end(), url + tail, "MD004", "URL tail joined")


def _unescape(s: str) -> str:
    return ESCAPE.sub("", s)


def _link_text(m: re.Match) -> str:
    bang, label, target = m.group(1), m.group(2), m.group(3)
    label = _unescape(label)
    label = ANGLE_URL.sub(r"\1", label)
    label = HTML_TAG.sub("", label)
    if bang:
        return ""
    if label.strip():
        # a link to an address that its text does not print keeps the address after the text
        # (the text alone would lose it): `[the society](https://a.org/x)` -> `the society (https://a.org/x)`
        if TARGET_URL.fullmatch(target) and not TARGET_URL.search(label) and target not in label:
            return f"{label} ({target})"
        return label
    return "" if target in ("#", "") else target


ITEM_NO = re.compile(r"(\d{1,4})\.\s")
TARGET_URL = re.compile(r"(?:https?://|www\.)[^<>\s)]+")


def _swallowed_item(text: str, m: re.Match) -> str | None:
    """`N. ... URL: [N+1. next item ...](url-of-N)`: the converter swallowed item N+1 into N's link.

    Returns item N's URL (from the link target), a block break and item N+1,
    or None when the link is an ordinary one.
    """
    label = _unescape(m.group(2))
    nxt = ITEM_NO.match(label)
    if not nxt:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    cur = ITEM_NO.match(text, line_start)
    if not cur or int(nxt.group(1)) != int(cur.group(1)) + 1:
        return None
    url = TARGET_URL.match(m.group(3))
    label = HTML_TAG.sub("", ANGLE_URL.sub(r"\1", label)).strip()
    return (url.group() if url else "").rstrip() + "\n\n" + label


def _links(text: str):
    """LINK.finditer(text), found by the `[...](...)` part: a `!` right before it makes it an image link."""
    for m in LINK_BODY.finditer(text):
        q = m.start()
        yield LINK.match(text, q - 1 if q and text[q - 1] == "!" else q)


@rule("MD005", "link-markup", "markdown",
      example=("Source: <https://news.example.org/a-b/> and [https://stats.example.org/news/x/](#).\n",
               "Source: https://news.example.org/a-b/ and https://stats.example.org/news/x/.\n"))
def links(ctx):
    """Make `<https://...>` and `[text](target)` plain: the bare URL, or the link's printed text.

    The converter wraps every address in link markup; the canonical text has
    bare URLs.  A link keeps the text that was printed (`[memorandum](#)` ->
    `memorandum`, `[https://a.org/x](https://a.org/y)` -> `https://a.org/x`), and an
    address the text does not print follows it (`[the society](https://a.org/x)` ->
    `the society (https://a.org/x)`: the text alone would lose it);
    escapes inside it are removed (`press\\\\_office` -> `press_office`).  An image link
    `![...](...)` is removed.  A `<...>` that is not an address (an omission
    mark in a quotation) is left.  Safety: safe.
    """
    text = ctx.doc.text
    if "](" not in text and "<" not in text:
        return
    taken = []
    for m in _links(text):
        taken.append((m.start(), m.end()))
        swallowed = _swallowed_item(text, m)
        if swallowed is not None:
            yield Edit(m.start(), m.end(), swallowed, "MD005",
                       "list item swallowed by the link text of the item before: split off", FLAG)
            continue
        yield Edit(m.start(), m.end(), _link_text(m), "MD005", "link markup")
    it = iter(taken)
    cur = next(it, None)
    for m in ANGLE_URL.finditer(text):
        while cur is not None and cur[1] <= m.start():
            cur = next(it, None)
        if cur is not None and cur[0] <= m.start() < cur[1]:
            continue
        url = m.group(1)
        if url.startswith("mailto:"):
            url = url[len("mailto:"):]
        yield Edit(m.start(), m.end(), url, "MD005", "angle-bracket link")


@rule("MD008", "html-tags", "markdown",
      example=("The site <u>example.org</u> reports it.\n", "The site example.org reports it.\n"))
def html_tags(ctx):
    """Remove stray HTML tags and comments the converter let through (`<u>`, `</a>`, `<!-- image -->`).

    A converter passes some of the PDF's formatting through as HTML; the
    canonical text is plain.  Only a fixed list of formatting tags is
    removed; `<...>` (an omission mark) and addresses in angle brackets are
    left to the other rules.  `<sup>` references are handled by MD002,
    which runs first.
    Example: `The site <u>example.org</u> reports it.` -> `The site example.org reports it.`
    Safety: safe; only tags from the fixed list go, their text stays.
    """
    text = ctx.doc.text
    if "<" not in text:
        return
    for m in HTML_TAG.finditer(text):
        yield Edit(m.start(), m.end(), "", "MD008", "HTML tag")
