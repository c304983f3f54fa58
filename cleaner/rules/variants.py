"""Transliteration variants: one spelling per name, from a table in the rule pack.

A pack lists canonical forms and their variants in its data:

    [data.variants]
    Gomel = ["Homiel", "Homel", "Homyel"]
    BUCE = ["BUTB"]

Packs merge: a user pack that adds `Gomel = ["Gomiel"]` extends the list.
Matching is case-sensitive and by whole word; the all-capitals form of a
capitalised variant (`HOMIEL`) becomes the all-capitals canonical form.
URLs and e-mail addresses are never changed, nor an author's name in a
citation (`Homel, A.` or `A. Homel`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..engine import Edit
from ..registry import rule

BARE_HOST = re.compile(r"^\W*(?:[\w-]+\.)+[a-z]{2,6}/", re.I)
WORD_CHAR = re.compile(r"\w")


def in_url(text: str, start: int, end: int) -> bool:
    """True when text[start:end] lies in a URL or an e-mail address (its whitespace-delimited token)."""
    a = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    b = len(text)
    for sep in (" ", "\n"):
        k = text.find(sep, end)
        if k != -1 and k < b:
            b = k
    token = text[a:b]
    low = token.lower()
    return ("://" in token or "www." in low or "@" in token or "mailto:" in low
            or BARE_HOST.match(token) is not None)


def _is_word(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or ch == "_")


WORD_ONLY = re.compile(r"\w+")


@lru_cache(maxsize=32)
def _words_rx(words: tuple[str, ...]) -> re.Pattern | None:
    """One alternation for a list of plain words (letters, digits, `_`), else None."""
    if not words or not all(WORD_ONLY.fullmatch(w) for w in words):
        return None
    return re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)")


def find_words(text: str, words) -> list[tuple[int, int, str]]:
    """(start, end, word) of every whole-word occurrence of `words` (longest first), in text order."""
    rx = _words_rx(tuple(sorted(set(words))))
    if rx is not None:
        # Plain words: a whole-word occurrence is a whole token, so two never overlap and one regex
        # pass (its matches end at a word end; the start is checked here) finds them all.
        return [(m.start(), m.end(), m.group()) for m in rx.finditer(text)
                if not (m.start() and _is_word(text[m.start() - 1]))]
    hits: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for w in sorted(words, key=len, reverse=True):
        find, k = text.find, text.find(w)
        while k != -1:
            e = k + len(w)
            if (k == 0 or not _is_word(text[k - 1])) and not _is_word(text[e:e + 1]) and k not in taken:
                hits.append((k, e, w))
                taken.update(range(k, e))
            k = find(w, k + 1)
    hits.sort()
    return hits


def variant_table(ctx) -> dict[str, str]:
    """variant -> canonical form, from the packs' `variants` data."""
    data = ctx.data("variants", {}) or {}
    table: dict[str, str] = {}
    for canonical, variants in data.items():
        if isinstance(variants, str):
            variants = [variants]
        for v in variants:
            if v and v != canonical:
                table[v] = canonical
                if v[:1].isupper() and not v.isupper() and canonical.upper() != canonical:
                    table.setdefault(v.upper(), canonical.upper())
    return table


# an author's name in a citation: `Homel, A.` / `A. Homel` / `A.B. Homel`
AUTHOR_AFTER = re.compile(r",[ ]?[A-Z][a-z]?\.")
AUTHOR_BEFORE = re.compile(r"(?:\b[A-Z][a-z]?\.[ ]?){1,3}$")
# ... but after the initials of the citation's own head (`[^1]: Ivanov, V. Homiel region`) the title begins
CITATION_HEAD = re.compile(r"(?:^|\]: )[A-Z][\w'\u2019-]+,[ ]?(?:[A-Z][a-z]?\.[ ]?){1,3}$", re.M)


@rule("TR001", "translit-variant", "variants",
      example=("The Homiel region trades through BUTB with Hrodna.\n",
               "The Gomel region trades through BUCE with Grodno.\n"))
def translit_variant(ctx):
    """Write a transliteration variant of a name in the pack's canonical form.

    Why: a book translated or transliterated by different hands spells the
    same place or institution several ways (`Homiel`, `Homel`, `Gomel`);
    one spelling makes the text consistent and searchable.  The table is
    pack data (`[data.variants]`), so a user pack can add names.  Whole
    words only; never inside a URL or e-mail address (`butb` in a link
    stays); an author's name in a citation (`Homel, A.`) stays as printed.
    Example: `Homiel region ... BUTB` -> `Gomel region ... BUCE`.
    Safety: safe (exact, case-sensitive table entries).
    """
    table = variant_table(ctx)
    if not table:
        return
    text = ctx.doc.text
    for s, e, word in find_words(text, table):
        if text[s - 1:s] in "@/" and s > 0 or text[e:e + 1] == "@" or in_url(text, s, e):
            continue
        if AUTHOR_AFTER.match(text, e):
            continue
        if AUTHOR_BEFORE.search(text[max(0, s - 12):s]) and not CITATION_HEAD.search(text, max(0, s - 60), s):
            continue
        yield Edit(s, e, table[word], "TR001", f"{word} -> {table[word]}")
