"""No rule quotes a book: nothing in cleaner/ or rules/ shares a run of six words with a seed.

Rules describe kinds of damage; their docstrings, `example=` pairs, comments
and pack data use invented text.  tools/check_seed_quotes.py reads every
string literal and comment of cleaner/ and every line of rules/*.toml and
reports a run of 6 consecutive words that also occurs in a seed book, and
any reference to a source line number.  Skipped where the seeds are absent.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def _checker():
    spec = importlib.util.spec_from_file_location("check_seed_quotes", ROOT / "tools" / "check_seed_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")), reason="no seed books here")
def test_no_seed_sentence_or_line_number_in_rules():
    found = _checker().scan(ROOT, SEEDS, 6)
    assert not found, "rules quote a seed book (use invented text):\n" + "\n".join(found)


def test_checker_catches_a_quote_and_a_line_number(tmp_path):
    """The checker itself: a planted quote and a line reference are found, invented text is not."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "book.txt").write_text("The quick brown fox jumps over the \nlazy dog near the river bank.\n")
    root = tmp_path / "repo"
    (root / "cleaner").mkdir(parents=True)
    (root / "rules").mkdir()
    (root / "cleaner" / "a.py").write_text(
        'def f():\n    """Fix `fox jumps over the lazy dog`."""\n\n'
        '# see lines 1138/1139 of the book\nX = "an invented sentence about a small green boat"\n')
    (root / "rules" / "p.toml").write_text('# brown fox jumps over the lazy\nname = "p"\n')
    found = _checker().scan(root, seeds, 6)
    assert any("a.py:2" in f and "seed words" in f for f in found)
    assert any("a.py:4" in f and "line-number" in f for f in found)
    assert any("p.toml:1" in f for f in found)
    assert not any("a.py:5" in f for f in found)
