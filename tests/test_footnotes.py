"""Footnote references and definitions, URLs: whole-book checks on the seeds and unit checks."""
from __future__ import annotations

import re
import time

import pytest

from cleaner import clean_book
from cleaner.context import Context
from cleaner.engine import Document
from cleaner.packs import build_config
from cleaner.rules import footnotes as fn

REF = re.compile(r"\[\^(\d+)\](?!:)")
LABEL = re.compile(r"^\[\^(\d+)\]:", re.M)
BARE = re.compile(r"[\"\u201d]\d{1,3}(?=\s*[.,;:]|\s+[A-Z]|$)", re.M)
URL_BROKEN = re.compile(r"(?:https?://|www\.)\S*-\s+[a-z0-9]")

# pdftotext seeds: (number of references in the book, definitions that survive in the source)
BOOKS = {
    "000_b208d7410fc9e61d": (377, 283),
    "001_75613f31623f3fe6": (93, 64),
    "002_df7a2ece9d136225": (335, 316),
}


def body_refs(text: str) -> list[int]:
    body = LABEL.split(text, maxsplit=1)[0] if LABEL.search(text) else text
    return [int(n) for n in REF.findall(body)]


@pytest.mark.parametrize("stem", sorted(BOOKS))
def test_every_reference_found_in_order(cleaned_seeds, stem):
    if stem not in cleaned_seeds:
        pytest.skip("seed absent")
    total, _ = BOOKS[stem]
    refs = body_refs(cleaned_seeds[stem][1].text)
    assert refs == list(range(1, total + 1))


@pytest.mark.parametrize("stem", sorted(BOOKS))
def test_no_leftover_digits_duplicates_or_broken_urls(cleaned_seeds, stem):
    if stem not in cleaned_seeds:
        pytest.skip("seed absent")
    text = cleaned_seeds[stem][1].text
    labels = LABEL.findall(text)
    assert len(labels) == len(set(labels)), "duplicate definition"
    assert len(BARE.findall(text)) <= 1
    assert URL_BROKEN.findall(text) == []
    assert "[^" not in "".join(re.findall(r"\]\(#\)|<https?://", text))


@pytest.mark.parametrize("stem", sorted(BOOKS))
def test_stats_count_found_and_lost(cleaned_seeds, stem):
    if stem not in cleaned_seeds:
        pytest.skip("seed absent")
    total, surviving = BOOKS[stem]
    stats = cleaned_seeds[stem][1].stats
    assert stats["footnotes_referenced"] == total
    # the layout may recover a definition or two more or fewer; the counts must agree with each other
    assert stats["footnotes_found"] - stats["footnotes_unreferenced"] + stats["footnotes_lost"] == total
    assert abs(stats["footnotes_found"] - surviving) <= 3


def test_page_abbreviations_translated(cleaned_seeds):
    for stem in BOOKS:
        if stem not in cleaned_seeds:
            continue
        text = cleaned_seeds[stem][1].text
        notes = "\n".join(line for line in text.split("\n") if line.startswith("[^"))
        assert not re.search(r"(?<![\w.])[\u0421C]\. ?\d", notes), stem


def _ctx(text: str) -> Context:
    return Context(Document(text), build_config())


def test_chain_prefers_the_numbering_over_lookalikes():
    text = ('One "a"1 . Plant No.2 TUPUP and "b"2 , then Br3 million and "c"3 . '
            'In 1999"4 and the "d"4 .\n')
    accepted = [(v, form) for _, v, _, _, _, form in fn.reference_chain(_ctx(text))]
    assert [v for v, _ in accepted] == [1, 2, 3, 4]
    assert all(form == "quote" for _, form in accepted)


def test_chain_skips_lost_references():
    text = 'A "a"1 . B "b"2 . C "c"5 . D "d"6 .\n\n[^1]: x\n\n[^6]: y\n'
    assert [c[1] for c in fn.reference_chain(_ctx(text))] == [1, 2, 5, 6]


def test_chain_crosses_a_lost_stretch_of_text():
    text = " ".join(f'"s{n}"{n} .' for n in list(range(1, 6)) + list(range(80, 86))) + "\n"
    assert [c[1] for c in fn.reference_chain(_ctx(text))] == list(range(1, 6)) + list(range(80, 86))


def test_audit_flags_lost_and_unreferenced():
    text = 'A "a"[^1]. B "b"[^2].\n\n[^1]: One.\n\n[^3]: Three.\n'
    ctx = _ctx(text)
    assert list(fn.note_audit(ctx)) == []
    stats = ctx.facts["stats"]
    assert (stats["footnotes_found"], stats["footnotes_lost"], stats["footnotes_unreferenced"]) == (2, 1, 1)
    messages = [f["message"] for f in ctx.facts["flags"]]
    assert any("[^2]" in m and "no definition" in m for m in messages)
    assert any("[^3]" in m and "no reference" in m for m in messages)
    assert all(f["rule"] == "FN029" and f["src_line"] >= 1 for f in ctx.facts["flags"])


def test_no_definition_is_invented():
    out = clean_book('It "grew"1 . It "fell"2 .\n\n[^1]: One.\n').text
    assert out == 'It "grew"[^1]. It "fell"[^2].\n\n[^1]: One.\n'


def test_book_without_footnotes_is_left_alone():
    src = ('In 2021 the plant made 15 tractors, 3D printers and Br200 million of goods. '
           'The "Top 10" list and Minsk Dairy Plant No.1 are known.\n')
    assert clean_book(src).text == src


def test_rules_are_fast(cleaned_seeds):
    """The footnote and URL rules together stay well inside the speed budget."""
    from cleaner.registry import RULES

    codes = [c for c in RULES if c[:2] in ("FN", "UR") and RULES[c].func is not None]
    texts = [result.text for _, result in cleaned_seeds.values()]
    started = time.perf_counter()
    for text in texts:
        ctx = _ctx(text)
        for code in codes:
            list(RULES[code].func(ctx))
    assert time.perf_counter() - started < 1.0


def test_similarity_is_the_indel_ratio():
    import random

    from rapidfuzz import fuzz

    from cleaner.rules.footnotes import similarity
    rnd = random.Random(1)
    for _ in range(3000):
        a = "".join(rnd.choice("abcde fgh.,1") for _ in range(rnd.randint(0, 60)))
        b = a[:rnd.randint(0, len(a))] + "".join(rnd.choice("abcx ") for _ in range(rnd.randint(0, 20)))
        assert abs(similarity(a, b) - fuzz.ratio(a, b)) < 1e-9, (a, b)


def test_the_package_needs_no_test_only_dependency():
    """`pip install pdfbook-mender` brings only the runtime dependencies: no module of the
    package may import a test-only one (rapidfuzz, playwright, pytest)."""
    import re
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "cleaner"
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:from|import)\s+(?:rapidfuzz|playwright|pytest)\b", source, re.M), path
