"""Shared fixtures: the seed books and their cleaned results, computed once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.fixture(scope="session")
def cleaned_seeds():
    """{stem: (source text, Result)} for every seed book; skipped when the seeds are absent."""
    from cleaner import clean_book

    paths = seed_paths()
    if not paths:
        pytest.skip("seed books not found beside the project (../shared/seeds)")
    return {p.stem: (p.read_text(encoding="utf-8"), clean_book(p.read_text(encoding="utf-8")))
            for p in paths}
