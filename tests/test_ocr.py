"""OCR input: kind detection, the layout analyzer and the OC rules on real seed text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner import clean_book
from cleaner.engine import replay
from cleaner.layout import detect_kind
from cleaner.layout.ocr import looks_like

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
OCR_SEED = SEEDS / "004_264ad3533a9ad359.txt"
BR = "\n\n\n\n"


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip("seed books not available")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ocr_result():
    return clean_book(seed(OCR_SEED.name))


@pytest.mark.parametrize("stem", ["000_b208d7410fc9e61d", "001_75613f31623f3fe6",
                                  "002_df7a2ece9d136225", "003_2eacce38d86f641c"])
def test_other_seeds_are_not_ocr(stem):
    text = seed(stem + ".txt")
    assert not looks_like(text, text.split("\n"))
    assert detect_kind(text) != "ocr"


def test_ocr_seed_is_detected():
    text = seed(OCR_SEED.name)
    assert detect_kind(text) == "ocr"


def test_no_marker_junk_or_curly_quotes_left(ocr_result):
    assert not re.search("[\u00ae\u2122\u00a2\u00a5\u2018\u2019\u201c\u201d]", ocr_result.text)


def test_references_run_in_sequence(ocr_result):
    body = ocr_result.text.split("\n[^1]: ")[0]
    refs = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    # every garbled superscript became a reference, numbered 1, 2, 3 ... in reading order
    assert refs == list(range(1, len(refs) + 1))
    assert len(refs) >= 110


def test_definitions_in_order_and_defined_once(ocr_result):
    defs = [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", ocr_result.text, re.M)]
    assert defs == sorted(set(defs))
    assert len(defs) >= 90


def test_headings_and_no_page_number(ocr_result):
    heads = re.findall(r"^# .+$", ocr_result.text, re.M)
    assert 3 <= len(heads) <= 8
    assert all(len(h) < 80 and not h.endswith(".") for h in heads)
    assert not re.search(r"^\d{1,3}$", ocr_result.text, re.M)


def test_stray_superscript_lines_removed(ocr_result):
    assert not re.search(r"\b(?=[a-z]*\d)[a-z]\w{1,3}\b(?=\s[a-z])", "")  # pattern sanity
    assert "n56" not in ocr_result.text and "nl7" not in ocr_result.text


def test_replay_and_idempotence(ocr_result):
    source = seed(OCR_SEED.name)
    assert replay(source, ocr_result.changes) == ocr_result.text
    assert clean_book(ocr_result.text).text == ocr_result.text


def test_oc_rules_leave_other_kinds_alone():
    # a pdftotext-style snippet with OCR-looking words: only quotes are straightened
    text = "The sale of Iumber went on, popularity in'the market \u201cgrew\u201d.\n"
    out = clean_book(text).text
    assert out == "The sale of Iumber went on, popularity in'the market \"grew\".\n"


def test_page_bottom_lines_are_not_paragraph_breaks():
    text = ('The Chinese side is interested in such commodity items as lumber, because "in the near\n'
            'term, the level of demand will increase "at once"\u00ae . It is possible that the company\n\n'
            'will master this segment of the market as well.\n\n'
            '1 A note.' + BR + 'Returning to the topic of export supplies, we note a rise.\n')
    out = clean_book(text).text
    blocks = out.split("\n\n")
    assert blocks[0].endswith("company will master this segment of the market as well.")
    assert blocks[1].startswith("Returning to the topic")
    assert blocks[2].strip() == "[^1]: A note."


def test_definition_continued_on_next_page_is_joined():
    text = ('Text "at once"\u00ae .\n\n1 Ambassador [Electronic resource]. - URL: https://www.belta.by/regions/view/posol-'
            + BR + ' And the text "more"\u2122 . goes on.\n\nkazahstana-na-vstreche-514826-2022/\n\n'
            '2 Second note.' + BR + 'end.\n')
    out = clean_book(text).text
    assert "[^1]: Ambassador [Electronic resource]. - URL: https://www.belta.by/regions/view/posol-kazahstana" in out
    assert "[^2]: Second note." in out


def test_unrecoverable_marker_is_flagged():
    # page 1 defines 1 and 2 and page 2 starts with 3, yet page 1 shows three superscripts:
    # one of them has no number left; its glyph is removed and the change flagged
    text = ('One "a"\u00ae . Two "b"\u2122 . Three "c"\u00ae .\n\n1 Note one.\n\n2 Note two.' + BR +
            'Four "d"\u00ae . End.\n\n3 Note three.' + BR + 'next page.\n')
    res = clean_book(text)
    assert "\u00ae" not in res.text and "\u2122" not in res.text
    flagged = [c for c in res.changes if c.rule == "OC003" and c.safety == "flag"]
    assert len(flagged) == 1
    assert res.text.startswith('One "a"[^1]. Two "b"[^2]. Three "c".\n\nFour "d"[^3]. End.')
