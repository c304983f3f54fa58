"""Writing one book's results, and the run's summary: the only place that writes files."""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from .engine import Change
from .io import Book, read_book, write_text_atomic
from .packs import Config
from .pipeline import Result, clean_book


def changes_jsonl(result: Result, config: Config) -> str:
    lines = []
    for c in result.changes:
        obj = c.to_json()
        obj["pack"] = config.pack_of.get(c.rule, "")
        lines.append(json.dumps(obj, ensure_ascii=False))
    for flag in result.stats.get("flags", []):
        lines.append(json.dumps({"flag": True, **flag}, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


def book_summary(name: str, book: Book, result: Result, seconds: float) -> dict:
    per_rule = Counter(c.rule for c in result.changes)
    per_safety = Counter(c.safety for c in result.changes)
    stats = {k: v for k, v in result.stats.items() if k != "flags"}
    return {
        "name": name,
        "source": str(book.path),
        "encoding": book.encoding,
        "warnings": book.warnings,
        "input_kind": result.input_kind,
        "changes": len(result.changes),
        "changes_per_rule": dict(sorted(per_rule.items())),
        "flags": per_safety.get("flag", 0) + len(result.stats.get("flags", [])),
        "rejected": len(result.rejected_seen),
        "seconds": round(seconds, 3),
        **{k: v for k, v in stats.items() if k not in ("seconds", "changes", "input_kind")},
    }


def clean_file(path: Path, out_dir: Path, name: str, config: Config, report: bool = True) -> dict:
    """Read one book, clean it, write NAME.md, NAME.changes.jsonl and NAME.report.html."""
    started = time.perf_counter()
    book = read_book(path)
    result = clean_book(book.text, config)
    write_text_atomic(out_dir / f"{name}.md", result.text)
    write_text_atomic(out_dir / f"{name}.changes.jsonl", changes_jsonl(result, config))
    if report:
        from .report import render_report
        write_text_atomic(out_dir / f"{name}.report.html", render_report(name, book.text, result, config))
    return book_summary(name, book, result, time.perf_counter() - started)


def write_run_summary(out_dir: Path, books: list[dict], failed: list[dict]) -> None:
    summary = {"books": books, "failed": failed}
    write_text_atomic(out_dir / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    from .report import render_index
    write_text_atomic(out_dir / "index.html", render_index(summary))
