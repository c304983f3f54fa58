"""What a rule may read: the document, the layout plan, its parameters and pack data."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from .engine import Document

WORD = re.compile(r"[a-z]{2,}(?:-[a-z]{2,})*")


@dataclass
class Context:
    doc: Document
    config: "object"
    plan: "object" = None
    input_kind: str = ""
    # per-book facts that rules share (footnote numbers found, etc.)
    facts: dict = field(default_factory=dict)

    def params(self, code: str) -> dict:
        return self.config.params.get(code, {})

    def data(self, key: str, default=None):
        return self.config.data.get(key, default)

    @cached_property
    def vocab(self) -> Counter:
        """Lower-case words of the source as printed (hyphenated compounds kept whole)."""
        return Counter(WORD.findall(self.doc.source.lower()))

    @cached_property
    def hyphenated(self) -> set[str]:
        """Compounds the book itself prints with a hyphen inside a line."""
        return {w for w in self.vocab if "-" in w}

    def is_word(self, word: str) -> bool:
        """A known word: printed in the book or in the English dictionary."""
        w = word.lower()
        return w in self.vocab or w in dictionary()


_DICT = None


def dictionary():
    """The pyspellchecker English word counts, loaded once.

    Used for membership and frequency only: `SpellChecker.correction()` costs
    about a second per unknown word, so rules generate their own candidates.
    """
    global _DICT
    if _DICT is None:
        from spellchecker import SpellChecker

        _DICT = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return _DICT
