"""Line-end joiners: how two lines of one block meet (hyphenation, URLs).

`join_lines` (plan.py) asks every registered joiner, in order, about each
line end inside a block; the first answer wins, no answer means one space.

* UR001: a URL broken across lines is joined with no space and keeps its
  hyphens; a URL complete at the line end followed by ordinary words gets a
  space.
* HY001: a hyphen at a line end that only splits a word is removed
  (`produc-` + `tion`); a hyphen that belongs to the word stays
  (`import-` + `substituting`), decided with the book's own vocabulary and the
  English dictionary.  A spaced dash (`word -`) is left to the default join
  (one space).
"""
from __future__ import annotations

import re

from ..registry import declare
from .plan import joiner
from ..scan import URL_START

declare("HY001", "line-end-hyphen", "hyphenation", "safe", """
    Join a word hyphenated at a line end: drop a hyphen that only splits the word, keep a real one.

    Extractors keep the typesetter's line-end hyphens.  The decision uses the
    book's own vocabulary first (a compound the book prints with a hyphen
    inside a line keeps it; a word it prints solid loses it), then the
    English dictionary (`produc-` + `tion` = `production`), then the shape of
    the parts (capitalised parts, numbers and two known words keep the
    hyphen: `Chile-` + `Peru`, `high-` + `precision`).
    Example: `produc-` / `tion` -> `production`; `import-` / `substituting` ->
    `import-substituting`.  A spaced dash (`partners -` / `Chile`) stays a dash.
    Safety: safe when the book or the dictionary decides; the fallback keeps the hyphen.
    """, example=("In 2020 the produc-\n\ntion of bicycles rose by five \n\nper cent.\n",
                 "In 2020 the production of bicycles rose by five per cent.\n"))
declare("UR001", "url-line-join", "urls", "safe", """
    Join a URL broken across lines with no space, keeping its hyphens.

    PDF extractors wrap long URLs wherever the line ends, often right after a
    hyphen of the URL.  The URL is one token again; a URL that ends at the
    line end and is followed by ordinary words is joined with a space.
    Example: `URL: https://news.example.org/view/plant-` / `signed-2019/` ->
    `URL: https://news.example.org/view/plant-signed-2019/`.
    Safety: safe.
    """, example=("The plan was adopted in 2019\"1 . \n\n"
                  "1 Plan [Electronic resource]. - 2019. - URL: https://news.example.org/economy/view/plant-\n"
                  "signed-new-contract-2019/\n",
                  "The plan was adopted in 2019\"[^1].\n\n"
                  "[^1]: Plan [Electronic resource]. - 2019. - URL: "
                  "https://news.example.org/economy/view/plant-signed-new-contract-2019/\n"))

URL_CHARS = re.compile(r"^[\w%./:#?=&+~@!$,;()*'\[\]-]+$")
# a continuation token of a URL: has a URL-only character, or is all digits/dashes
URL_PIECE = re.compile(r"[/%_=&?#.]|\d|-")
WORDISH = re.compile(r"^[A-Za-z]+[.,;:]?$")
# a line opening with a number and then text (`2021. - P. 5.`, `2022 edition`) does not continue a URL
NUMBER_THEN_TEXT = re.compile(r"^\d{1,5}(?:[.,;:]? [-\u2013\w]|[.,;:]$)")
FILE_END = re.compile(r"\.(?:html?|pdf|php|aspx?|jsp|docx?)/?$", re.I)
HYPHEN_END = re.compile(r"([A-Za-z\u00c0-\u024f\u0400-\u04ff]+(?:-[A-Za-z\u00c0-\u024f\u0400-\u04ff]+)*|[0-9]+)-$")
NEXT_WORD = re.compile(r"^([A-Za-z\u00c0-\u024f\u0400-\u04ff]+|[0-9]+)")
PREFIXES = frozenset("""
    agro anti auto bio co counter cross eco euro extra hyper inter intra macro mega micro mid mini
    multi neo non over post pre pro pseudo quasi re self semi socio sub super trans tri ultra un
    under well all half long short high low large small full part state world
""".split())


def _enabled(ctx, code: str) -> bool:
    on = getattr(getattr(ctx, "config", None), "on", None)
    return True if on is None else on(code)


def _last_token(s: str) -> str:
    k = s.rfind(" ")
    return s[k + 1:] if k >= 0 else s


def _first_token(s: str) -> str:
    k = s.find(" ")
    return s[:k] if k >= 0 else s


def _in_url(prev: str) -> bool:
    """Does `prev` end inside a URL?"""
    tok = _last_token(prev)
    # every URL start has a "/" (https://, file:/) or a "." (www.): most tokens are ruled out here
    if ("/" in tok or "." in tok) and URL_START.search(tok):
        return True
    if " " in prev:
        return False
    # a whole line that is one URL-ish token (the middle of a URL broken over lines)
    return " " not in prev and bool(URL_CHARS.match(prev)) and (
        bool(re.search(r"[/%_]", prev)) or prev.count("-") >= 2)


@joiner
def url_join(prev: str, nxt: str, kind: str, ctx):
    """UR001: a URL broken at a line end is joined with no space."""
    k = prev.rfind(" ")
    if k >= 0 and "/" not in prev[k + 1:] and "." not in prev[k + 1:]:
        return None     # most line ends: a last word with no "/" or "." starts no URL (_in_url)
    if not _in_url(prev) or not _enabled(ctx, "UR001"):
        return None
    tok = _first_token(nxt)
    if URL_START.match(tok):
        return None     # a new URL begins: one space
    if not URL_CHARS.match(tok):
        return None
    last = _last_token(prev)
    if last.endswith("-"):
        return (0, "", "UR001", "URL broken at a hyphen")
    if " " in nxt and (NUMBER_THEN_TEXT.match(nxt) or FILE_END.search(last)):
        return None     # a complete URL, then `2021. - P. 5.` or `2022 edition`: one space
    if " " not in nxt or URL_PIECE.search(tok):
        if WORDISH.match(tok) and (tok[0].isupper() or last.endswith(("/", "."))):
            return None         # a complete URL, then ordinary words
        return (0, "", "UR001", "URL broken across lines")
    return None


def _known(word: str, ctx) -> bool:
    """A word of the dictionary, or of the book elsewhere than as half of a line-end split
    (`produc-` / `tion` put `produc` and `tion` in the book's vocabulary)."""
    w = word.lower()
    if _dict_has(w):
        return True
    vocab = getattr(ctx, "vocab", None)
    if vocab is None:
        return False
    halves = _split_halves(ctx)
    # the word, or an inflected form of it (`tumour` / `tumours`), printed whole somewhere
    return any(vocab.get(f, 0) > halves.get(f, 0) for f in (w, w + "s", w + "es", w + "ed", w + "ing"))


def _dict_has(word: str) -> bool:
    try:
        from ..context import dictionary
        return word.lower() in dictionary()
    except Exception:  # pragma: no cover
        return False


# searched from the hyphen (rare) rather than from every word: the left half is read backwards
LINE_END_HYPHEN = re.compile(r"-[ \t\r]*\n(?:[ \t\r]*\n)*[ \t]*([a-z]+)")  # (\r: Windows line ends)
LEFT_WORD = re.compile(r"[A-Za-z]+$")


def _split_halves(ctx) -> dict:
    """How often each word is printed as half of a line-end hyphenation (once per book)."""
    facts = getattr(ctx, "facts", None)
    if facts is not None and "hyphen.halves" in facts:
        return facts["hyphen.halves"]
    doc = getattr(ctx, "doc", None)
    source = getattr(doc, "source", "") if doc is not None else ""
    halves: dict[str, int] = {}
    for m in LINE_END_HYPHEN.finditer(source):
        w = LEFT_WORD.search(source, max(0, m.start() - 60), m.start())
        for half in ((w.group().lower(),) if w else ()) + (m.group(1),):
            halves[half] = halves.get(half, 0) + 1
    if facts is not None:
        facts["hyphen.halves"] = halves
    return halves


def book_splits_words(ctx) -> bool:
    """Does the book hyphenate words at line ends at all (`infor-` / `mation`)?

    Counted once per book over the source: a line-end hyphen whose halves are
    not both words while the joined word is one is a typesetter's split.  A
    book with several line-end hyphens and no such split never hyphenates
    automatically, so every line-end hyphen of it belongs to its word.
    """
    facts = getattr(ctx, "facts", None)
    if facts is not None and "hyphen.book_splits" in facts:
        return facts["hyphen.book_splits"]
    doc = getattr(ctx, "doc", None)
    source = getattr(doc, "source", "") if doc is not None else ""
    total = splits = 0
    for m in LINE_END_HYPHEN.finditer(source):
        w = LEFT_WORD.search(source, max(0, m.start() - 60), m.start())
        if not w:
            continue
        left, right = w.group(), m.group(1)
        total += 1
        if _dict_has(left + right) and not ((_known(left, ctx) or left.lower() in PREFIXES) and _known(right, ctx)):
            splits += 1
    result = splits > 0 or total < 5
    if facts is not None:
        facts["hyphen.book_splits"] = result
    return result


def hyphen_decision(left: str, right: str, ctx) -> bool:
    """True: keep the hyphen (`left-right`); False: the hyphen only splits a word (`leftright`)."""
    if left[-1:].isdigit() or right[:1].isdigit() or len(left) == 1:
        return True             # COVID-19, 2022-2026, e-commerce (no typesetter leaves one letter)
    compound = f"{left}-{right}".lower()
    solid = f"{left}{right}".lower()
    vocab = getattr(ctx, "vocab", None) or {}
    hyphenated = getattr(ctx, "hyphenated", None) or set()
    last_part = left.rsplit("-", 1)[-1]
    both_words = (len(last_part) > 1 and (_known(last_part, ctx) or last_part.lower() in PREFIXES)
                  and _known(right, ctx))
    if compound in hyphenated or vocab.get(compound, 0) > 0:
        return True             # the book prints the compound with its hyphen
    if vocab.get(solid, 0) > 0:
        # the book prints the word solid; keep the hyphen only where the book never
        # splits words at line ends and both halves are words (bio-fertilizers)
        return both_words and not book_splits_words(ctx)
    if right[:1].isupper():
        return True             # Belarus-Pakistan, Russian-Soviet
    if "-" in left:
        return True             # already a compound: state-of-the-art
    if _dict_has(solid):
        return both_words and not book_splits_words(ctx)    # produc-tion
    if last_part.lower() in PREFIXES:
        return True             # agro-industrial, high-tech
    if both_words:
        return True             # high-precision
    return False


_HYPHEN_ENDS = frozenset("-\u2013\u2014")


@joiner(last_chars="-\u2013\u2014")
def hyphen_join(prev: str, nxt: str, kind: str, ctx):
    """HY001: a word hyphenated at a line end."""
    if prev[-1:] not in _HYPHEN_ENDS:
        return None             # most line ends: no hyphen or dash, nothing to decide
    if prev.endswith(("\u2013", "\u2014")) and len(prev) > 1 and not prev[-2].isspace() \
            and nxt[:1].isalnum() and _enabled(ctx, "HY001"):
        return (0, "", "HY001", "closed dash at a line end (2019\u20132021)")
    if not prev.endswith("-") or prev.endswith((" -", "--")) or not _enabled(ctx, "HY001"):
        return None
    m = HYPHEN_END.search(prev)
    w = NEXT_WORD.match(nxt)
    if not m or not w:
        return None
    left, right = m.group(1), w.group(1)
    if right in ("and", "or", "nor") and not left[-1:].isdigit():
        return (0, " ", "HY001", "suspended hyphen (nano- and bio-)")
    if hyphen_decision(left, right, ctx):
        return (0, "", "HY001", "hyphen belongs to the word")
    return (1, "", "HY001", "hyphen only splits the word")
