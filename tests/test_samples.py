"""End-to-end samples (black-style): samples/raw/NAME.* cleans to samples/expected/NAME.md.

The samples are small invented books of each input kind (pdftotext, converter
Markdown, OCR), written to check that the generic packs clean a book that is
not one of the seeds.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import clean_book
from cleaner.engine import replay

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RAW = sorted((SAMPLES / "raw").glob("*.*"))


@pytest.mark.parametrize("raw", RAW, ids=[p.stem for p in RAW])
def test_sample_cleans_to_expected(raw):
    expected = (SAMPLES / "expected" / f"{raw.stem}.md").read_text(encoding="utf-8")
    source = raw.read_text(encoding="utf-8")
    result = clean_book(source)
    assert result.text == expected
    assert replay(source, result.changes) == expected
    assert clean_book(expected).text == expected


def test_every_sample_has_an_expected_output():
    assert RAW, "no samples"
    for raw in RAW:
        assert (SAMPLES / "expected" / f"{raw.stem}.md").is_file(), raw.name
