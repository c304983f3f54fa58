"""Review decisions (rejected changes, accepted flags, rules turned off) and `clean diff`."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click


@dataclass
class BookDecisions:
    reject: frozenset = frozenset()
    accept: frozenset = frozenset()
    disable: tuple = ()


@dataclass
class Decisions:
    books: dict = field(default_factory=dict)

    def for_book(self, name: str) -> BookDecisions | None:
        return self.books.get(name)


def load_decisions(path: Path) -> Decisions:
    """Read a decisions file: {"books": {NAME: {"reject": [ids], "accept": [ids], "disable": [codes]}}}."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read decisions file {path}: {exc}") from None
    books = {}
    for name, d in raw.get("books", {}).items():
        books[name] = BookDecisions(frozenset(d.get("reject", [])), frozenset(d.get("accept", [])),
                                    tuple(d.get("disable", [])))
    return Decisions(books)


def print_diff(book: Path) -> int:
    path = Path(str(book) + ".changes.jsonl") if not str(book).endswith(".jsonl") else book
    if not path.is_file():
        click.echo(f"clean: error: no change log {path}: give OUT/NAME of a cleaned book", err=True)
        return 2
    changes = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = Counter(c.get("rule", "?") for c in changes)
    for rule, n in counts.most_common():
        click.echo(f"{rule:8} {n:6}")
    return 0
