"""Any stretch of a seed book is a book too: cleaning it must not crash, must replay
from its change log, and must be idempotent.  Stretches are drawn with a fixed seed,
so a failure is reproducible (the trial prints its book and line range)."""
from __future__ import annotations

import random

import pytest

from cleaner import clean_book
from cleaner.engine import replay
from conftest import seed_paths


def stretches(n: int, seed: int = 2):
    rng = random.Random(seed)
    books = [(p.stem, p.read_text(encoding="utf-8").split("\n")) for p in seed_paths()]
    for _ in range(n if books else 0):
        stem, lines = rng.choice(books)
        a = rng.randrange(len(lines))
        b = min(len(lines), a + rng.randint(1, 400))
        yield stem, a + 1, b, "\n".join(lines[a:b]) + rng.choice(["", "\n", " \n"])


@pytest.mark.parametrize("stem,first,last,text", list(stretches(60)),
                         ids=lambda v: v if isinstance(v, (str, int)) and not str(v).count("\n") else "")
def test_stretch_replays_and_is_idempotent(stem, first, last, text):
    result = clean_book(text)
    assert replay(text, result.changes) == result.text
    again = clean_book(result.text)
    assert again.text == result.text, f"{stem} lines {first}-{last}: second run changed " + \
        str([(c.rule, c.before[:40], c.after[:40]) for c in again.changes[:3]])
