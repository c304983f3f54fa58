"""Acceptance: the gold score and the leak counts of the cleaned seeds meet the issues' bars.

Uses the project's scorer and leak counter in ../shared/eval (skipped where absent).
"""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import GOLD, SHARED

EVAL = SHARED / "eval"


def load(name):
    path = EVAL / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    spec = importlib.util.spec_from_file_location(f"shared_eval_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold_scores(cleaned_seeds):
    pytest.importorskip("rapidfuzz")
    score = load("score")
    scores = {}
    for book in sorted(p for p in GOLD.iterdir() if p.is_dir()):
        if book.name not in cleaned_seeds:
            continue
        out_body, out_notes = score.split_doc(score.blocks_of(cleaned_seeds[book.name][1].text))
        rows, spurious = [], []
        for ex in sorted(book.glob("*.md")):
            r, s = score.score_excerpt(score.blocks_of(ex.read_text(encoding="utf-8")), out_body, out_notes)
            rows += r
            spurious += s
        chars = sum(len(r[1]) for r in rows) or 1
        scores[book.name] = {
            "accuracy": 1 - sum(r[-1] for r in rows) / chars,
            "exact": sum(1 for r in rows if r[-1] == 0),
            "blocks": len(rows),
            "spurious": len(spurious),
        }
    return scores


PDFTOTEXT = ("000_b208d7410fc9e61d", "001_75613f31623f3fe6", "002_df7a2ece9d136225")


def test_pdftotext_books_meet_the_spine_bars(gold_scores):
    for name in PDFTOTEXT:
        assert gold_scores[name]["accuracy"] >= 0.97, (name, gold_scores[name])
    exact = sum(gold_scores[n]["exact"] for n in PDFTOTEXT) / sum(gold_scores[n]["blocks"] for n in PDFTOTEXT)
    assert exact >= 0.70
    assert sum(gold_scores[n]["spurious"] for n in PDFTOTEXT) <= 3


def test_markdown_and_ocr_books_meet_their_bars(gold_scores):
    assert gold_scores["003_2eacce38d86f641c"]["accuracy"] >= 0.90
    assert gold_scores["004_264ad3533a9ad359"]["accuracy"] >= 0.94
    for name in ("003_2eacce38d86f641c", "004_264ad3533a9ad359"):
        assert gold_scores[name]["spurious"] <= 3, name


ZERO_LEAKS_ALL = ("translit-variant", "author-use-footer", "xml-placeholder", "replacement-char",
                  "mixed-script-word", "html-markup", "bold-markup", "escaped-dollar",
                  "ocr-marker-junk", "curly-quote")
ZERO_LEAKS_SPINE = ("page-number-block", "hard-wrapped-block", "url-broken", "trailing-space",
                    "duplicate-note", "replacement-char")


def test_no_leaks(cleaned_seeds):
    leaks = load("leaks")
    counts = {stem: leaks.check(result.text)[0] for stem, (_, result) in cleaned_seeds.items()}
    for check in ZERO_LEAKS_ALL:
        assert sum(c[check] for c in counts.values()) == 0, (check, {s: c[check] for s, c in counts.items()})
    for stem in PDFTOTEXT:
        for check in ZERO_LEAKS_SPINE:
            assert counts[stem][check] == 0, (stem, check)
    assert sum(counts[s]["bare-footnote-digit"] for s in PDFTOTEXT) <= 3
