"""Reading books: decode, refuse what is not text, never write to the input."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".md")
CYRILLIC_RUN = re.compile("[\u0400-\u04ff]{2,}")
MIXED = re.compile("[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


class InputError(Exception):
    """A book cannot be read as text; the message says what to do."""


@dataclass
class Book:
    path: Path
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, name: str = "input") -> tuple[str, str, list[str]]:
    """Decode bytes as UTF-8; fall back to cp1251 or latin-1 with a warning."""
    if not data.strip():
        raise InputError(f"{name} is empty: nothing to clean (give a book with text in it)")
    sample = data[:65536]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100 + 2:
        raise InputError(f"{name} looks binary (NUL or control bytes), not text: "
                         "extract its text first (e.g. pdftotext) and clean the .txt")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        where = exc.start
    cp = data.decode("cp1251", errors="replace")
    # Real cp1251 text has runs of Cyrillic letters; latin-1 read as cp1251 gives
    # single Cyrillic letters inside Latin words (Communiqu\u0439).
    runs = len(CYRILLIC_RUN.findall(cp))
    mixed = len(MIXED.findall(cp))
    if runs > mixed:
        enc, text = "cp1251", cp
    else:
        enc, text = "latin-1", data.decode("latin-1")
    return text, enc, [f"{name} is not valid UTF-8 (byte {where}); decoded as {enc}: check the output"]


def read_book(path: Path) -> Book:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    text, enc, warnings = decode(data, str(path))
    # Normalise line ends only (CRLF/CR -> LF); provenance is kept on the decoded text.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        warnings.append(f"{path}: CR line ends converted to LF")
    return Book(path, text, enc, warnings)


def find_books(paths: list[Path]) -> list[Path]:
    """Expand files and folders into the list of book files, sorted, without duplicates."""
    found: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"no such file or folder: {p} (give .txt/.md files or folders of them)")
        if p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.suffix in SUFFIXES and q.is_file()))
        else:
            found.append(p)
    seen, unique = set(), []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)
