"""The rule table: every rule has a stable code, a name, a group and a doc.

A rule is a function `(ctx: Context) -> Iterable[Edit]` that reads the
current document (`ctx.doc.text`, `ctx.plan`, `ctx.params`, `ctx.data`) and
returns edits in the coordinates of the current text.  It does no I/O.  The
docstring says what the rule does, why, an example and its safety; the
example is also given as data (`example=(before, after)`) and is tested.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .engine import FLAG, SAFE, UNSAFE, Edit

GROUPS = ("layout", "footnotes", "hyphenation", "urls", "ocr", "translation",
          "publisher", "encoding", "variants", "whitespace", "markdown")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    group: str
    safety: str
    func: Callable[..., Iterable[Edit]] | None
    example: tuple[str, str] | None
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, group: str, safety: str = SAFE,
         example: tuple[str, str] | None = None):
    """Register a rule function under `code`.  Codes are never reused."""
    if group not in GROUPS:
        raise ValueError(f"unknown rule group {group!r}; use one of {', '.join(GROUPS)}")
    if safety not in (SAFE, UNSAFE, FLAG):
        raise ValueError(f"unknown safety {safety!r}")

    def register(func):
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, name, group, safety, func, example,
                           inspect.cleandoc(func.__doc__ or ""))
        return func

    return register


def declare(code: str, name: str, group: str, safety: str, doc: str,
            example: tuple[str, str] | None = None) -> None:
    """Register a rule whose edits are made by a layout step rather than its own function."""
    if code in RULES:
        raise ValueError(f"rule code {code} registered twice")
    RULES[code] = Rule(code, name, group, safety, None, example, inspect.cleandoc(doc))


def by_name_or_code(key: str) -> Rule | None:
    key_up = key.upper()
    if key_up in RULES:
        return RULES[key_up]
    for r in RULES.values():
        if r.name == key:
            return r
    return None


def safety_table() -> dict[str, str]:
    return {code: r.safety for code, r in RULES.items()}
