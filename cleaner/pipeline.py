"""clean_book(): the whole pipeline, pure (no file I/O).

read -> detect input kind -> layout plan (pages, footnote blocks, furniture)
-> pass A: drop furniture, move footnotes to the end
-> pass B: one line per block, one blank line between blocks
-> inline rules, in group order, one pass each
-> final normalization (NFC, spaces)
"""
from __future__ import annotations

import re
import time
from functools import lru_cache
from dataclasses import dataclass, field

from . import rules as _rules  # noqa: F401  (registers the rules)
from .context import Context
from .engine import Change, Document, Edit
from .layout import analyze, detect_kind
from .layout.plan import drop_and_move, join_lines
from .packs import Config, build_config
from .registry import RULES, safety_table

# Inline rules run group by group in this order; within a group by code.
GROUP_ORDER = ("encoding", "markdown", "publisher", "translation", "ocr", "footnotes",
               "hyphenation", "urls", "variants", "whitespace")


@dataclass
class Result:
    text: str
    changes: list[Change]
    input_kind: str
    stats: dict = field(default_factory=dict)
    rejected_seen: list[str] = field(default_factory=list)
    rejected_changes: list[Change] = field(default_factory=list)  # the rejected ids' changes, not applied


CRLF = re.compile("\r\n")

# Trivial edits logged as one change per run within a block (the line joins of a paragraph).
GROUPED_RULES = frozenset({"LY010"})


@lru_cache(maxsize=1)
def default_config() -> Config:
    """The default packs' configuration, built once per process."""
    return build_config()


def inline_rules(config: Config):
    runnable = [r for r in RULES.values() if r.func is not None and config.on(r.code)]
    return sorted(runnable, key=lambda r: (GROUP_ORDER.index(r.group) if r.group in GROUP_ORDER
                                           else len(GROUP_ORDER), r.code))


def clean_book(text: str, config: Config | None = None) -> Result:
    """Clean one book's text.  Deterministic; the input string is not modified."""
    started = clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 4)
        clock = now

    config = config or default_config()
    doc = Document(text, rejected=config.rejected)
    ctx = Context(doc, config)
    safety = safety_table()
    if "\r\n" in text and config.on("LY000"):
        # Windows line ends: plain ones before the layout is read (a line keeps its number)
        doc.apply([Edit(m.start(), m.start() + 1, "", "LY000", "Windows line end")
                   for m in CRLF.finditer(text)], safety)
    ctx.input_kind = detect_kind(doc.text)
    ctx.plan = analyze(ctx.input_kind, doc.text, ctx)
    lap("layout")
    # Layout rules are declared rules too: turning one off (--ignore, a review decision) keeps its edits out.
    doc.apply([e for e in drop_and_move(ctx.plan, doc) if config.on(e.rule)], safety)
    doc.apply([e for e in join_lines(ctx.plan, doc, ctx) if config.on(e.rule)], safety, grouped=GROUPED_RULES)
    lap("join")
    for rule in inline_rules(config):
        doc.apply(list(rule.func(ctx)), safety)
        lap(rule.code)
    doc.finish()
    lap("finish")
    stats = {
        "input_kind": ctx.input_kind,
        "blocks": doc.text.count("\n\n") + (1 if doc.text.strip() else 0),
        "changes": len(doc.changes),
        "seconds": round(time.perf_counter() - started, 3),
    }
    stats.update(ctx.facts.get("stats", {}))
    stats["flags"] = ctx.facts.get("flags", [])
    stats["timings"] = timings
    return Result(doc.text, doc.changes, ctx.input_kind, stats, doc.rejected_seen,
                  rejected_changes=doc.rejected_changes)
