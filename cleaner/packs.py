"""Rule packs: TOML files that enable rules, set their parameters and carry data.

A pack (`rules/NAME.toml`):

    name = "pdf-layout"
    description = "Generic layout repairs for PDF text extractions."
    enable = ["LY*", "FN001"]          # rule codes, globs allowed

    [params.HY001]                     # per-rule parameters
    min_part = 2

    [data]                             # patterns, tables, boilerplate lines
    furniture = ["^FOR AUTHOR USE ONLY$"]

Built-in packs live in the project's `rules/` folder; a user pack is any
TOML file given by path.  Packs merge in order: lists are concatenated,
tables updated, scalars replaced.
"""
from __future__ import annotations

import difflib
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .registry import RULES

PACK_DIR = Path(__file__).resolve().parent.parent / "rules"
if not PACK_DIR.is_dir():  # installed as a wheel: packs are shipped inside the package
    PACK_DIR = Path(__file__).resolve().parent / "packs"

PACK_KEYS = {"name", "description", "enable", "params", "data", "default"}


class PackError(ValueError):
    """A pack could not be found or read; the message says what to do."""


@dataclass
class Pack:
    name: str
    description: str
    enable: list[str]
    params: dict
    data: dict
    path: Path
    default: bool = True


def nearest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.4)
    return f" Did you mean {close[0]!r}?" if close else ""


def ensure_rules_loaded() -> None:
    """Import every module that registers rules: the inline rules and the layout analyzers
    (whose layout codes are declared at import), so a pack can name any of them."""
    global _LOADED
    if not _LOADED:
        _LOADED = True
        import cleaner.layout  # noqa: F401
        import cleaner.rules  # noqa: F401


_LOADED = False


def builtin_packs() -> dict[str, Path]:
    return {p.stem: p for p in sorted(PACK_DIR.glob("*.toml"))}


def load_pack(name_or_path: str) -> Pack:
    ensure_rules_loaded()
    path = Path(name_or_path)
    if not (path.suffix == ".toml" and path.is_file()):
        packs = builtin_packs()
        if name_or_path not in packs:
            raise PackError(f"unknown pack {name_or_path!r}.{nearest(name_or_path, packs)} "
                            f"Built-in packs: {', '.join(packs)}; or give the path of a .toml file.")
        path = packs[name_or_path]
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"cannot read pack {path}: {exc}") from None
    for key in raw:
        if key not in PACK_KEYS:
            raise PackError(f"pack {path}: unknown key {key!r}.{nearest(key, PACK_KEYS)}")
    enable = raw.get("enable", [])
    for pattern in enable:
        if not any(ch in pattern for ch in "*?[") and pattern.upper() not in RULES:
            raise PackError(f"pack {path}: no rule matches {pattern!r}.{nearest(pattern.upper(), RULES)}")
    for code in raw.get("params", {}):
        if code.upper() not in RULES:
            raise PackError(f"pack {path}: params for unknown rule {code!r}.{nearest(code.upper(), RULES)}")
    return Pack(raw.get("name", path.stem), raw.get("description", ""), enable,
                raw.get("params", {}), raw.get("data", {}), path, raw.get("default", True))


def merge_data(into: dict, new: dict) -> None:
    for key, value in new.items():
        old = into.get(key)
        if isinstance(old, list) and isinstance(value, list):
            into[key] = old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            merged = dict(old)
            merge_data(merged, value)
            into[key] = merged
        else:
            into[key] = value


@dataclass
class Config:
    packs: list[Pack] = field(default_factory=list)
    enabled: set[str] = field(default_factory=set)
    params: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    rejected: frozenset = frozenset()
    accepted: frozenset = frozenset()  # flagged change ids a reviewer accepted (report only)
    disabled: tuple = ()  # rule codes a reviewer turned off for this book (report only)
    # rule code -> pack name, for the report
    pack_of: dict = field(default_factory=dict)

    def on(self, code: str) -> bool:
        return code in self.enabled


def default_pack_names() -> list[str]:
    names = []
    for name, path in builtin_packs().items():
        try:
            if load_pack(str(path)).default:
                names.append(name)
        except PackError:
            raise
    return names


def build_config(packs: list[str] | None = None, select: list[str] = (), ignore: list[str] = (),
                 rejected=frozenset(), disabled: list[str] = (), accepted=frozenset()) -> Config:
    """Merge packs (default: every built-in pack marked default), then --select/--ignore."""
    ensure_rules_loaded()
    names = list(packs) if packs else default_pack_names()
    config = Config(rejected=frozenset(rejected), accepted=frozenset(accepted),
                    disabled=tuple(disabled))
    for name in names:
        pack = load_pack(name)
        config.packs.append(pack)
        for pattern in pack.enable:
            for code in fnmatch.filter(RULES, pattern.upper()):
                config.enabled.add(code)
                config.pack_of.setdefault(code, pack.name)
        for code, values in pack.params.items():
            config.params.setdefault(code.upper(), {}).update(values)
        merge_data(config.data, pack.data)
    for key, add in ((select, True), (ignore, False), (disabled, False)):
        for pattern in key:
            codes = fnmatch.filter(RULES, pattern.upper())
            if not codes:
                raise PackError(f"unknown rule {pattern!r}.{nearest(pattern.upper(), RULES)} "
                                "Run `clean rules` for the list.")
            (config.enabled.update if add else config.enabled.difference_update)(codes)
    return config
