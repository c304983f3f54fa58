"""A text saved with Windows line ends (CR LF) comes out as the same text saved with plain ones."""
from pathlib import Path

import pytest

from cleaner import clean_book
from cleaner.engine import replay

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples" / "raw").glob("*"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_windows_line_ends_in_a_sample(path):
    text = path.read_text(encoding="utf-8")
    windows = text.replace("\n", "\r\n")
    result = clean_book(windows)
    assert result.text == clean_book(text).text
    assert sum(c.rule == "LY000" for c in result.changes) == text.count("\n")
    assert replay(windows, result.changes) == result.text


def test_windows_line_ends_in_every_seed(cleaned_seeds):
    for stem, (text, result) in cleaned_seeds.items():
        assert clean_book(text.replace("\n", "\r\n")).text == result.text, stem
