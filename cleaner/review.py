"""Review decisions (rejected changes, accepted flags, rules turned off) and `clean diff`.

A decisions file is small JSON, exported from a book's report or written by hand
(format: README, "Review"):

    {
      "version": 1,
      "books": {
        "NAME": {
          "reject":  ["3f2a9c01d4", ...],   # change ids: not applied on the next run
          "accept":  ["77b0e1a2c9", ...],   # flagged change / flag ids: reviewed, keep as is
          "disable": ["HY002", ...],        # rule codes (globs allowed) turned off for this book
          "notes":   {"3f2a9c01d4": "free text"}   # optional, ignored by the cleaner
        }
      }
    }

NAME is the book's output name (OUT/NAME.md).  `--decisions` takes one such
file or a folder of them; decisions for the same book are merged (union).
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import click

DECISIONS_VERSION = 1
BOOK_KEYS = ("reject", "accept", "disable", "notes")
TOP_KEYS = ("version", "books", "generator", "exported")
_ID = re.compile(r"^[0-9a-f]{10}(-\d+)?$")


@dataclass
class BookDecisions:
    reject: frozenset = frozenset()
    accept: frozenset = frozenset()
    disable: tuple = ()
    notes: dict = field(default_factory=dict)

    def merged(self, other: "BookDecisions") -> "BookDecisions":
        return BookDecisions(self.reject | other.reject, self.accept | other.accept,
                             tuple(dict.fromkeys(self.disable + other.disable)),
                             {**self.notes, **other.notes})

    def to_json(self) -> dict:
        obj = {"reject": sorted(self.reject), "accept": sorted(self.accept), "disable": list(self.disable)}
        if self.notes:
            obj["notes"] = dict(self.notes)
        return obj


@dataclass
class Decisions:
    books: dict = field(default_factory=dict)

    def for_book(self, name: str) -> BookDecisions | None:
        return self.books.get(name)

    def to_json(self) -> dict:
        return {"version": DECISIONS_VERSION,
                "books": {name: d.to_json() for name, d in sorted(self.books.items())}}


def flag_id(flag: dict) -> str:
    """Stable id of a flag-only record {rule, src_line, message} (flags carry no change id)."""
    key = f"{flag.get('rule', '')}\x00{flag.get('src_line', 0)}\x00{flag.get('message', '')}"
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def _nearest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _str_list(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings")
    return [v.strip() for v in value if v.strip()]


def parse_decisions(raw, where: str = "decisions") -> Decisions:
    """Check and read the JSON object of a decisions file; errors say what to fix."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a JSON object with a \"books\" table")
    for key in raw:
        if key not in TOP_KEYS:
            raise ValueError(f"{where}: unknown key {key!r}{_nearest(key, TOP_KEYS)}")
    version = raw.get("version", DECISIONS_VERSION)
    if version != DECISIONS_VERSION:
        raise ValueError(f"{where}: version {version!r} is not supported (this cleaner reads version "
                         f"{DECISIONS_VERSION})")
    books_raw = raw.get("books")
    if not isinstance(books_raw, dict):
        raise ValueError(f"{where}: \"books\" must be an object {{NAME: {{\"reject\": [...], ...}}}}")
    books = {}
    for name, d in books_raw.items():
        at = f"{where}: book {name!r}"
        if not isinstance(d, dict):
            raise ValueError(f"{at}: expected an object with reject/accept/disable lists")
        for key in d:
            if key not in BOOK_KEYS:
                raise ValueError(f"{at}: unknown key {key!r}{_nearest(key, BOOK_KEYS)}")
        reject = _str_list(d.get("reject", []), f"{at}, reject")
        accept = _str_list(d.get("accept", []), f"{at}, accept")
        for cid in reject + accept:
            if not _ID.match(cid):
                raise ValueError(f"{at}: {cid!r} is not a change id (10 hex digits, as in "
                                 "NAME.changes.jsonl or the report)")
        disable = [c.upper() for c in _str_list(d.get("disable", []), f"{at}, disable")]
        notes = d.get("notes", {})
        if not isinstance(notes, dict):
            raise ValueError(f"{at}: notes must be an object {{id: text}}")
        books[name] = BookDecisions(frozenset(reject), frozenset(accept), tuple(dict.fromkeys(disable)),
                                    {str(k): str(v) for k, v in notes.items()})
    return Decisions(books)


def load_decisions(path: Path) -> Decisions:
    """Read a decisions file, or every *.json file of a folder, merged book by book."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise ValueError(f"no .json decisions files in folder {path}")
    merged = Decisions()
    for f in files:
        try:
            raw = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"cannot read decisions file {f}: {exc}") from None
        for name, d in parse_decisions(raw, str(f)).books.items():
            merged.books[name] = merged.books[name].merged(d) if name in merged.books else d
    return merged


# -- clean diff ----------------------------------------------------------------------

# whitespace-only rules whose changes the report and `clean diff` fold away by default
TRIVIAL_RULES = frozenset({"LY000", "LY010", "LY011"})


def _show(s: str, limit: int = 70) -> str:
    if s and not s.strip():
        s = s.replace(" ", "\u00b7")
    s = s.replace("\n", "\u21b5").replace("\t", "\u2192")
    return s if len(s) <= limit else s[:limit - 1] + "\u2026"


def read_changes(path: Path) -> tuple[list[dict], list[dict]]:
    changes, flags = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            (flags if obj.get("flag") else changes).append(obj)
    return changes, flags


def print_diff(book: Path, rules: tuple[str, ...] = (), examples: int = 3, color: bool | None = None) -> int:
    """Print a summary of OUT/NAME's changes: counts per rule, examples in context, flags."""
    s = str(book)
    for suffix in (".changes.jsonl", ".report.html", ".md"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    path = Path(s + ".changes.jsonl")
    if not path.is_file():
        click.echo(f"clean: error: no change log {path}: give OUT/NAME of a cleaned book", err=True)
        return 2
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    try:
        changes, flags = read_changes(path)
    except (OSError, ValueError) as exc:
        click.echo(f"clean: error: cannot read {path}: {exc}", err=True)
        return 2
    out_path = Path(s + ".md")
    out_text = out_path.read_text(encoding="utf-8") if out_path.is_file() else ""
    wanted = {r.upper() for r in rules}
    if wanted:
        changes = [c for c in changes if c.get("rule", "").upper() in wanted]
        flags = [f for f in flags if f.get("rule", "").upper() in wanted]

    def st(text, **kw):
        return click.style(text, **kw) if color else text

    def echo(text=""):
        click.echo(text, color=color)

    name = Path(s).name
    safety = Counter(c.get("safety", "safe") for c in changes)
    flagged = [c for c in changes if c.get("safety") == "flag"]
    echo(st(name, bold=True) + f": {len(changes)} changes ("
         + ", ".join(f"{safety.get(k, 0)} {k}" for k in ("safe", "unsafe", "flag"))
         + f"), {len(flagged) + len(flags)} flagged for review")
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for c in changes:
        by_rule[c.get("rule", "?")].append(c)
    try:
        from .registry import RULES
        from . import pipeline  # noqa: F401  (registers the rules)
    except Exception:  # pragma: no cover - the summary still works from the log alone
        RULES = {}
    echo()
    for rule, items in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        r = RULES.get(rule)
        packs = sorted({c.get("pack", "") for c in items} - {""})
        head = f"{st(f'{rule:6}', bold=True)} {len(items):6}  {(r.name if r else ''):24} {', '.join(packs)}"
        echo(head)
        for c in _examples(items, examples, rule in TRIVIAL_RULES):
            echo("    " + _example_line(c, out_text, st))
        if len(items) > examples and examples:
            echo(st(f"    ... {len(items) - examples} more", dim=True))
    if flagged or flags:
        echo()
        echo(st("Flagged for review:", bold=True, fg="yellow"))
        for c in flagged:
            echo(f"  {st(c['rule'], bold=True)} line {c['src_lines'][0]} [{c['id']}] "
                 f"{st('-' + _show(c['before'], 50) + '-', fg='red')} "
                 f"{st('+' + _show(c['after'], 50) + '+', fg='green')} {c.get('reason', '')}")
        for f in flags:
            echo(f"  {st(f.get('rule', '?'), bold=True)} line {f.get('src_line', '?')} "
                 f"[{f.get('id') or flag_id(f)}] {f.get('message', '')}")
    echo()
    echo(st(f"Open {Path(s).name}.report.html to review; reject changes there and re-run with "
            "--decisions FILE.", dim=True))
    return 0


def _examples(items: list[dict], n: int, trivial: bool) -> list[dict]:
    if n <= 0:
        return []
    if trivial or len(items) <= n:
        return items[:n]
    # spread the examples over the book
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _example_line(c: dict, out_text: str, st) -> str:
    before, after = c.get("before", ""), c.get("after", "")
    off = c.get("out_offset", -1)
    left = right = ""
    if out_text and 0 <= off <= len(out_text) and out_text[off:off + len(after)] == after:
        left = out_text[max(0, off - 25):off].rsplit("\n", 1)[-1]
        right = out_text[off + len(after):off + len(after) + 25].split("\n", 1)[0]
    mid = (st("[-" + _show(before) + "-]", fg="red") if before else "") + \
          (st("{+" + _show(after) + "+}", fg="green") if after else "")
    where = f"line {c['src_lines'][0]}" if c.get("src_lines") else ""
    return f"{st(f'{where:>10}', dim=True)}  {_show(left, 30)}{mid}{_show(right, 30)}"
