"""Writing one book's results, and the run's summary: the only place that writes files."""
from __future__ import annotations

import json
import re
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
    from .review import flag_id
    for flag in result.stats.get("flags", []):
        obj = {"flag": True, "id": flag.get("id") or flag_id(flag), **flag}
        obj["pack"] = config.pack_of.get(flag.get("rule", ""), "")
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


_WORD = re.compile(r"[^\W\d_]+")
_EN_FUNCTION_WORDS = frozenset("the of and to in is that for on with as by are was be this it from".split())


def detect_language(text: str) -> str:
    """The language of a cleaned text: a cheap function-word test for English, else langdetect.

    The sample is body text from the middle of the book (not headings or notes);
    langdetect is seeded (DetectorFactory.seed = 0) so runs agree.
    """
    blocks = [b for b in text.split("\n\n") if len(b) > 200 and not b.startswith(("#", "[^"))]
    if not blocks:
        blocks = [b for b in text.split("\n\n") if b.strip()]
    if not blocks:
        return ""
    mid = len(blocks) // 2
    sample = " ".join(blocks[max(0, mid - 3):mid + 3])[:4000]
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return ""
    if sum(w in _EN_FUNCTION_WORDS for w in words) / len(words) > 0.15:
        return "en"
    try:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # pragma: no cover
        return ""
    DetectorFactory.seed = 0
    try:
        return detect(sample)
    except LangDetectException:
        return ""


def book_summary(name: str, book: Book, result: Result, seconds: float, config: Config | None = None,
                 report: str | None = None) -> dict:
    per_rule = Counter(c.rule for c in result.changes)
    per_safety = Counter(c.safety for c in result.changes)
    stats = {k: v for k, v in result.stats.items() if k != "flags"}
    from .review import flag_id
    accepted = frozenset(config.accepted) if config is not None else frozenset()
    flagged_ids = [c.id for c in result.changes if c.safety == "flag"]
    flagged_ids += [f.get("id") or flag_id(f) for f in result.stats.get("flags", [])]
    fn = {k[len("footnotes_"):]: stats[k] for k in ("footnotes_found", "footnotes_lost",
                                                     "footnotes_unreferenced") if k in stats}
    return {
        "name": name,
        "source": str(book.path),
        "encoding": book.encoding,
        "warnings": book.warnings,
        "input_kind": result.input_kind,
        "changes": len(result.changes),
        "changes_per_rule": dict(sorted(per_rule.items())),
        "flags": per_safety.get("flag", 0) + len(result.stats.get("flags", [])),
        "flags_needing_review": sum(1 for i in flagged_ids if i not in accepted),
        "rejected": len(result.rejected_seen),
        "accepted": sum(1 for i in flagged_ids if i in accepted),
        "rules_disabled": list(config.disabled) if config is not None else [],
        "language": detect_language(result.text),
        "footnotes": fn,
        "report": report,
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
    return book_summary(name, book, result, time.perf_counter() - started, config,
                        f"{name}.report.html" if report else None)


def write_run_summary(out_dir: Path, books: list[dict], failed: list[dict]) -> None:
    summary = {"books": books, "failed": failed}
    write_text_atomic(out_dir / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    from .report import render_index
    write_text_atomic(out_dir / "index.html", render_index(summary))
