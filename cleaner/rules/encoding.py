"""Encoding damage: mojibake (text decoded with the wrong code page) and lost characters (U+FFFD).

These rules run first among the inline rules, so that every later rule
reads real letters.  Both only look at non-ASCII stretches of the text,
which keeps them fast on clean books.
"""
from __future__ import annotations

import re

from ..engine import FLAG, Edit
from ..registry import rule
from .variants import in_url

# A stretch of tokens that hold non-ASCII characters (mojibake of one word
# can span a space: `Ã ` is `à` read as cp1252).
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Characters that mojibake is made of (Latin-1 / cp1252 letters, box and
# punctuation characters): a stretch without any of them is left alone.
MOJIBAKE_HINT = re.compile("[\u00c2-\u00c5\u00d0\u00d1\u00e2\u00c3\u0192\u201a\u201e\u2020\u2021\u2030\u0160"
                           "\u2039\u0152\u017d\u2122\u0161\u203a\u0153\u017e\u0178\u00a4\u00a6\u00a8\u00b1"
                           "\u00b5\u00b6\u00b8\u00ba\u00bf]")

FFFD = "\ufffd"
FFFD_RUN = re.compile(r"\ufffd+(?:[ '\u2019]*\ufffd+)*")
PAGE_AFTER = re.compile(r"\.[ ]?\d")            # - \ufffd. 25.   -> page
MOSCOW_AFTER = re.compile(r"\.,[ ]?\d{4}")      # \ufffd., 2020   -> Moscow
PAGES_BEFORE = re.compile(r"\d $")               # 680 \ufffd.     -> page count
URL_HOST_DAMAGE = re.compile(
    r"(?P<scheme>https?://)(?P<pre>[\w.-]*?)[\ufffd'\u2019 ]*\ufffd[\ufffd'\u2019 ]*(?P<post>[\w-]*(?:\.[\w-]+)+)(?=/)")
URL_HOST = re.compile(r"https?://([\w.-]+)/")
INITIAL_AFTER = re.compile(r"\. ([A-Z][a-z]{2,})")   # \ufffd. Smith


@rule("EN001", "mojibake", "encoding",
      example=("The joint Communiqu\u00c3\u00a9 was signed in Minsk.\n",
               "The joint Communiqu\u00e9 was signed in Minsk.\n"))
def mojibake(ctx):
    """Repair mojibake: text that was encoded in UTF-8 and decoded with another code page.

    Why: a file saved in one encoding and read in another turns `é` into
    `Ã©` and `С` into `Ð¡`; the reader sees garbage and no later rule can
    match the words.  `ftfy` undoes the wrong decoding; it is run only on
    stretches that hold non-ASCII characters typical of mojibake, and a
    stretch that ftfy leaves unchanged (correct Cyrillic, `materiały`) is
    not touched.
    Example: `Communiqu\u00c3\u00a9` -> `Communiqu\u00e9`.
    Safety: safe; ftfy only reverses a decoding it can prove from the bytes.
    """
    text = ctx.doc.text
    if text.isascii():
        return
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    if not MOJIBAKE_HINT.search(text):
        return
    for s, e in _stretches(text):
        seg = text[s:e]
        if not MOJIBAKE_HINT.search(seg) or not is_bad(seg):
            continue
        fixed = fix_encoding(seg)
        if fixed != seg:
            yield Edit(s, e, fixed, "EN001", "mojibake (wrong code page)")


def _stretches(text: str) -> list[tuple[int, int]]:
    """The whitespace-delimited tokens holding non-ASCII characters, neighbours merged."""
    out: list[tuple[int, int]] = []
    for m in NON_ASCII.finditer(text):
        s, e = m.span()
        if out and s < out[-1][1]:
            continue
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        if out and text[out[-1][1]:s].strip(" \u00a0") == "" and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _url_host_repair(text: str, m: re.Match) -> str | None:
    """The host of a URL whose letters were lost, when the book prints exactly one host that fits."""
    prefix, tail = m.group("pre"), m.group("post")
    hosts = {h for h in URL_HOST.findall(text) if FFFD not in h}
    fits = {h for h in hosts if h.startswith(prefix) and h.endswith(tail) and len(h) > len(prefix) + len(tail)}
    if len(fits) == 1:
        return m.group("scheme") + fits.pop()
    return None


def _citation_letter(text: str, s: int, e: int) -> tuple[int, int, str, str] | None:
    """(start, end, replacement, why) when a lone lost letter is a Russian citation abbreviation."""
    if e - s != 1 or text[e:e + 1] != ".":
        return None
    before = text[max(0, s - 2):s]
    if (before.endswith(("- ", "\u2013 ")) or before.endswith(("-", "\u2013"))) and PAGE_AFTER.match(text, e):
        return s, e + 1, "P.", "lost letter of the page abbreviation"
    if (s == 0 or not (text[s - 1].isalnum() or text[s - 1] == ".")) and MOSCOW_AFTER.match(text, e):
        return s, e + 1, "M.", "lost letter of the Moscow abbreviation"
    if PAGES_BEFORE.search(before) and text[e + 1:e + 2] in (" ", ",", ";", "\n", ""):
        return s, e + 1, "p.", "lost letter of the page-count abbreviation"
    return None


@rule("EN002", "replacement-char", "encoding",
      example=("[^1]: Ivanova, A. Trade and roads. - \ufffd., 2020. - \ufffd. 25.\n",
               "[^1]: Ivanova, A. Trade and roads. - M., 2020. - P. 25.\n"))
def replacement_char(ctx):
    """Restore a character lost to U+FFFD where the context fixes it; otherwise remove it and flag.

    Why: a character the extractor could not map (often a Cyrillic letter
    in a Russian citation) is printed as U+FFFD `\ufffd`, which the canonical
    text never contains.  In a citation the letter is certain: `- \ufffd. 25.`
    is the page abbreviation (`P. 25.`), `\ufffd., 2020` is Moscow (`M., 2020`),
    `680 \ufffd.` is a page count (`680 p.`).  In a URL host the letters are
    restored when the book prints exactly one host with the same start and
    end.  Anything else is removed and the change is flagged for review.
    Example: `- \ufffd., 2020. - \ufffd. 25.` -> `- M., 2020. - P. 25.`.
    Safety: safe for the citation forms; flag for a URL host or a removal.
    """
    text = ctx.doc.text
    if FFFD not in text:
        return
    done_to = 0
    for m in FFFD_RUN.finditer(text):
        s, e = m.span()
        if s < done_to:
            continue
        fix = _citation_letter(text, s, e)
        if fix:
            yield Edit(fix[0], fix[1], fix[2], "EN002", fix[3])
            done_to = fix[1]
            continue
        if in_url(text, s, e):
            start = max(text.rfind(" ", 0, s), text.rfind("\n", 0, s)) + 1
            while True:  # the URL may have been split by a space before the damage
                u = URL_HOST_DAMAGE.match(text, start)
                if u or start == 0 or text[start - 1] != " ":
                    break
                start = max(text.rfind(" ", 0, start - 1), text.rfind("\n", 0, start - 1)) + 1
            if u and u.start() <= s < u.end():
                fixed = _url_host_repair(text, u)
                if fixed:
                    yield Edit(u.start(), u.end(), fixed, "EN002",
                               "URL host restored from the same host elsewhere in the book", safety=FLAG)
                    done_to = u.end()
                    continue
        # a lost initial before a name (`\ufffd. Smith`): restored when the book prints the name with
        # exactly one initial elsewhere, else the initial goes with its period
        if e - s == 1 and INITIAL_AFTER.match(text, e):
            name = INITIAL_AFTER.match(text, e).group(1)
            # \b([A-Z])\.[ ]?Name\b, written to start with the class (searched fast)
            letters = {m.group(1) for m in re.finditer(rf"([A-Z])(?<!\w[A-Z])\.[ ]?{re.escape(name)}\b", text)}
            if len(letters) == 1:
                yield Edit(s, e, letters.pop(), "EN002", f"lost initial restored from {name} elsewhere in the book",
                           safety=FLAG)
            else:
                yield Edit(s, e + 2, "", "EN002", "lost initial removed (no other mention fixes it)", safety=FLAG)
            done_to = e + 2
            continue
        # anything else: remove, keeping one space between two words
        if s > 0 and text[s - 1] == " ":
            s -= 1
        if e < len(text) and text[e] == " ":
            e += 1
        before = text[s - 1] if s > 0 else "\n"
        after = text[e] if e < len(text) else "\n"
        spaced = text[s] == " " or text[e - 1] == " "
        rep = " " if spaced and not before.isspace() and not after.isspace() and after not in ".,;:)" else ""
        yield Edit(s, e, rep, "EN002", "unrecoverable lost character(s) removed", safety=FLAG)
        done_to = e


# Latin presentation forms (U+FB00-FB06) that PDF fonts use for ligatures.
LIGATURE = re.compile("[\ufb00-\ufb06]")
LIGATURE_LETTERS = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                    "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}


@rule("EN003", "latin-ligature", "encoding",
      example=("The e\ufb03cient o\ufb03ce de\ufb01ned its work\ufb02ow.\n",
               "The efficient office defined its workflow.\n"))
def latin_ligature(ctx):
    """Spell out a typographic ligature character (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`) as its letters.

    Why: PDF fonts draw `fi`, `fl`, `ff` as one glyph and extractors copy
    that glyph's code point (U+FB01 ...), so `deﬁned` neither matches
    `defined` in a search nor in the dictionary the other rules use.
    Example: `eﬃcient oﬃce deﬁned` -> `efficient office defined`.
    Safety: safe (the compatibility decomposition of these characters).
    """
    text = ctx.doc.text
    if not any(ch in text for ch in LIGATURE_LETTERS):
        return
    for m in LIGATURE.finditer(text):
        yield Edit(m.start(), m.end(), LIGATURE_LETTERS[m.group()], "EN003", "ligature spelled out")
