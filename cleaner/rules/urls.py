"""URLs: rejoin URLs broken by a line end, undouble doubled link text, drop link markup.

Layout joins the lines of a footnote definition with a space; where the line
broke inside a URL that space is now inside the URL.  These rules run after
the layout joins and the footnote rules.
"""
from __future__ import annotations

import re

from ..engine import Edit
from ..registry import rule

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
TOKEN = re.compile(r"[ ]([^\s]+)")
# a piece of a URL: path characters only, no sentence punctuation at the start
URL_PIECE = re.compile(r"[\w%~#&=?+/.:@;,!*'()\[\]$-]+")
URL_MARKS = re.compile(r"[%_/=&?]")
DATE_LIKE = re.compile(r"^\(?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\)?[.,;]?$")
SCHEME = re.compile(r"^(?:https?://|www\.|ftp://|file:)", re.I)


def _continues(url: str, piece: str) -> bool:
    """Whether `piece` (the token after a space) is the rest of `url`."""
    if not piece or SCHEME.match(piece) or not URL_PIECE.fullmatch(piece):
        return False
    if not (piece[0].isalnum() or piece[0] in "%_"):
        return False
    if url.endswith("-"):
        return True  # broken after a hyphen of the slug: `...-went-on-` + `till-late-...`
    if url.endswith((".", ",", ";", ":", ")")):
        return False  # the URL ended a sentence or a parenthesis
    if DATE_LIKE.match(piece):
        return False
    # broken inside a word or an escape: `..._nor` + `thern_...`, `%D0%B5%D` + `1%80...`
    return bool(URL_MARKS.search(piece))


@rule("UR010", "url-line-break", "urls",
      example=("Text[^1].\n\n[^1]: Title [Electronic resource]. - 2020. - URL: "
               "https://news.example.org/politics/view/talks-went-on- till-late-10571-2020/\n",
               "Text[^1].\n\n[^1]: Title [Electronic resource]. - 2020. - URL: "
               "https://news.example.org/politics/view/talks-went-on-till-late-10571-2020/\n"))
def url_line_break(ctx):
    """Rejoin a URL that a line break split: remove the space left inside it.

    Lines are joined with a space, so a URL broken at a line end reads
    `...-went-on- till-late-...` or `..._nor thern_route...`.  The space
    goes when the URL ends in a hyphen and the next token starts with a
    letter or digit, or when the next token is itself URL-like (has `%`,
    `_`, `/`, `=`, `&` or `?`) and the URL does not end a sentence.  A token
    that starts a new URL (`https://`) or a date is never joined.
    Example: `...-went-on- till-late-10571-2020/` -> `...-went-on-till-late-10571-2020/`.
    Safety: safe; the hyphen is kept, only the space goes.
    """
    text = ctx.doc.text
    for m in URL.finditer(text):
        url_end = m.end()
        url = m.group()
        while True:
            t = TOKEN.match(text, url_end)
            if not t or not _continues(url, t.group(1)):
                break
            yield Edit(url_end, url_end + 1, "", "UR010", "space inside a URL broken at a line end")
            url = url + t.group(1)
            url_end = t.end()


DOUBLED = re.compile(r"(?P<scheme>https?)(?=https?://)")


@rule("UR011", "doubled-link", "urls",
      example=("Text[^1].\n\n[^1]: Title. - URL: "
               "httpshttps://library.example.net/page/20731library.example.net/page/20731\n",
               "Text[^1].\n\n[^1]: Title. - URL: https://library.example.net/page/20731\n"))
def doubled_link(ctx):
    """Write a link whose text the extractor doubled as the URL once.

    A PDF link annotation printed over its own text comes out as
    `httpshttps://a.b/c1a.b/c1`: a stray scheme, the URL, then the URL again
    without its scheme.  The canonical text has the URL once.
    Example: `httpshttps://library.example.net/page/20731library.example.net/page/20731`
    -> `https://library.example.net/page/20731`.
    Safety: safe when the two copies are equal; unsafe when they differ and
    the copy is found by its host name.
    """
    text = ctx.doc.text
    for m in DOUBLED.finditer(text):
        start = m.start()
        tok_end = start
        while tok_end < len(text) and not text[tok_end].isspace():
            tok_end += 1
        token = text[start:tok_end]
        inner = token[len(m.group("scheme")):]  # https://X + X'
        sep = inner.index("://") + 3
        rest = inner[sep:]
        # exact: rest == X + X with X the URL without scheme
        trail = ""
        core = rest
        while core and core[-1] in ".,;)" and len(core) % 2:
            trail = core[-1] + trail
            core = core[:-1]
        half = len(core) // 2
        if len(core) % 2 == 0 and core[:half] == core[half:]:
            yield Edit(start, tok_end, inner[:sep] + core[:half] + trail, "UR011", "doubled link text")
            continue
        host = rest.split("/", 1)[0]
        k = rest.find(host, len(host)) if host else -1
        if k > 0:
            yield Edit(start, tok_end, inner[:sep] + rest[:k], "UR011",
                       "doubled link text (copies differ; the first kept)", safety="unsafe")
        else:
            yield Edit(start, start + len(m.group("scheme")), "", "UR011", "stray scheme before a URL",
                       safety="unsafe")


ANGLE = re.compile(r"<((?:https?://|www\.)[^>\s]+)>")
MD_LINK = re.compile(r"\[((?:https?://|www\.)[^\]\s]+)\]\((?:#|[^)\s]*)\)")


@rule("UR012", "link-markup", "urls",
      example=("See the report\"\u00ae .\n\n1 Report. - URL: <https://stats.example.org/trade-%D0% B0/>\n\n\n\n"
               "next page.\n",
               "See the report\"[^1]. next page.\n\n[^1]: Report. - URL: https://stats.example.org/trade-%D0%B0/\n"))
def link_markup(ctx):
    """Write `<https://...>` and `[https://...](#)` as the bare URL.

    Books print URLs in angle brackets and converters wrap links in Markdown
    markup; the canonical text has the URL as printed (the link text, not a
    converter-made target).  MD005 removes the markup it can see first, for
    every input kind; this rule takes the links that only become whole after
    the repairs in between (an OCR'd percent-escape split by a space,
    `<https://a.org/x-%D0% B0/>`, closed up by OC005), and every link when a
    pack enables the URL rules without the Markdown ones.
    Example: `<https://stats.example.org/trade-%D0%B0/>` -> `https://stats.example.org/trade-%D0%B0/`.
    Safety: safe; only the markup goes.
    """
    text = ctx.doc.text
    hits = sorted((m for rx in (ANGLE, MD_LINK) for m in rx.finditer(text)), key=lambda m: m.start())
    last = 0
    for m in hits:
        if m.start() >= last:
            yield Edit(m.start(), m.end(), m.group(1), "UR012", "link markup")
            last = m.end()
