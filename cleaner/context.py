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


def dictionary() -> dict[str, int]:
    """The pyspellchecker English word list as {word: frequency}, loaded once per process.

    Used for membership and frequency only: `SpellChecker.correction()` costs
    about a second per unknown word, so rules generate their own candidates.
    The list is read straight from pyspellchecker's data file (half the time
    of building a SpellChecker) and kept as a marshal cache, which loads in
    a few milliseconds on later runs.
    """
    global _DICT
    if _DICT is None:
        _DICT = _load_dictionary()
    return _DICT


def _load_dictionary() -> dict[str, int]:
    import gzip
    import json
    import marshal
    import os
    from pathlib import Path

    import spellchecker

    data = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pdfbook-mender"
    stamp = f"{spellchecker.__version__ if hasattr(spellchecker, '__version__') else ''}-{data.stat().st_size}"
    cache = cache_dir / f"en-{stamp}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    words = json.loads(gzip.decompress(data.read_bytes()))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(words))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs speed
    return words
