"""What a rule may read: the document, the layout plan, its parameters and pack data."""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
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


_DICT = None


class WordList:
    """A sorted word list with frequencies: `word in words`, `words.get(word, 0)`.

    Loading it is one split of a cached string (no 160,000-entry dict to build),
    and a lookup is a bisect (a few microseconds), remembered per word: the
    rules look up a few thousand distinct words a book, many of them often.
    """

    __slots__ = ("_words", "_freqs", "_seen")

    def __init__(self, words: list[str], freqs: array):
        self._words, self._freqs = words, freqs
        self._seen: dict[str, int] = {}  # word -> index: the rules ask about the same words again and again

    def _index(self, word: str) -> int:
        k = self._seen.get(word)
        if k is None:
            words = self._words
            k = bisect_left(words, word)
            k = self._seen[word] = k if k < len(words) and words[k] == word else -1
        return k

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._index(word) >= 0

    def get(self, word: str, default: int = 0) -> int:
        k = self._index(word)
        return self._freqs[k] if k >= 0 else default

    def __getitem__(self, word: str) -> int:
        k = self._index(word)
        if k < 0:
            raise KeyError(word)
        return self._freqs[k]

    def __len__(self) -> int:
        return len(self._words)


def dictionary() -> WordList:
    """The pyspellchecker English word list with frequencies, loaded once per process.

    Used for membership and frequency only: `SpellChecker.correction()` costs
    about a second per unknown word, so rules generate their own candidates.
    The list is read straight from pyspellchecker's data file and kept as a
    marshal cache (the sorted words as one string, the frequencies as bytes).
    """
    global _DICT
    if _DICT is None:
        _DICT = _load_dictionary()
    return _DICT


def _load_dictionary() -> WordList:
    import gzip
    import json
    import marshal
    import os
    from pathlib import Path

    from importlib.util import find_spec

    # the package's data file, found without importing the package (its import costs ~20 ms)
    spec = find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyspellchecker is not installed: pip install pyspellchecker")
    data = Path(list(spec.submodule_search_locations)[0]) / "resources" / "en.json.gz"
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pdfbook-mender"
    info = data.stat()
    stamp = f"{info.st_size}-{int(info.st_mtime)}"
    cache = cache_dir / f"en-{stamp}.words"
    try:
        words, freqs = marshal.loads(cache.read_bytes())
        table = array("I")
        table.frombytes(freqs)
        return WordList(words.split("\n"), table)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    counts = json.loads(gzip.decompress(data.read_bytes()))
    words = sorted(counts)
    table = array("I", (min(counts[w], 0xFFFFFFFF) for w in words))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(("\n".join(words), table.tobytes())))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs speed
    return WordList(words, table)
