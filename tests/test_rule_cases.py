"""Per-rule cases as data (tests/cases/CODE.toml): input -> expected through clean_book.

Each file holds `[[case]]` tables with `name`, `input`, `expected` and an
optional `xfail = "why"` for a known failure (strict, so a fix shows up).
A must-not-change case is one whose expected output keeps the tricky text
as printed.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cleaner import clean_book

CASES_DIR = Path(__file__).parent / "cases"


def load_cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data.get("case", [])):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            yield pytest.param(case, id=f"{path.stem}-{case.get('name', i)}", marks=marks)


@pytest.mark.parametrize("case", list(load_cases()))
def test_case(case):
    result = clean_book(case["input"])
    assert result.text == case["expected"]


@pytest.mark.parametrize("case", list(load_cases()))
def test_case_is_idempotent(case):
    if case.get("xfail"):
        pytest.skip("known failure")
    once = clean_book(case["input"]).text
    assert clean_book(once).text == once


def test_every_case_file_names_a_rule():
    from cleaner.registry import RULES

    for path in CASES_DIR.glob("*.toml"):
        assert path.stem.split("-")[0].upper() in RULES, f"{path.name}: no rule {path.stem}"
