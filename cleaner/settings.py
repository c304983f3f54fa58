"""Where the options come from: command line beats clean.toml / pyproject.toml beats defaults.

A `clean.toml` (the whole file) or the `[tool.clean]` table of a
`pyproject.toml`, found in the current folder or the nearest folder above
it, may set the same options as the command line:

    packs = ["pdf-layout", "ocr", "my-publisher.toml"]   # or: pack = "..."
    select = ["TR001"]
    ignore = ["OC*"]
    jobs = 4

A pack given as a path is read relative to the settings file's folder.
An unknown key is an error that names the nearest known one.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from .packs import PackError, nearest

KEYS = {"packs", "pack", "select", "ignore", "jobs"}
LIST_KEYS = ("packs", "select", "ignore")


def _normalize(table: dict, path: Path) -> dict:
    """Aliases merged (`pack` -> `packs`), strings made lists, pack paths made absolute."""
    out = dict(table)
    if "pack" in out:
        extra = out.pop("pack")
        out["packs"] = [*_as_list(out.get("packs", []), "packs", path), *_as_list(extra, "pack", path)]
    for key in LIST_KEYS:
        if key in out:
            out[key] = _as_list(out[key], key, path)
    if "packs" in out:
        packs = []
        for name in out["packs"]:
            p = Path(name)
            if p.suffix == ".toml" and not p.is_absolute():
                p = path.parent / p
                name = str(p)
            packs.append(name)
        out["packs"] = packs
    if "jobs" in out and (not isinstance(out["jobs"], int) or isinstance(out["jobs"], bool) or out["jobs"] < 1):
        raise PackError(f"{path}: setting 'jobs' must be a whole number of at least 1, not {out['jobs']!r}")
    return out


def _as_list(value, key: str, path: Path) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise PackError(f"{path}: setting {key!r} must be a name or a list of names, not {value!r}")


def find_settings(start: Path | None = None) -> tuple[dict, Path | None]:
    """The first `clean.toml`, or pyproject.toml with a [tool.clean] table, from `start` upward.

    Returns the settings (keys `packs`, `select`, `ignore`, `jobs`; lists of
    strings, pack paths absolute) and the file they came from.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("clean.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            try:
                raw = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise PackError(f"cannot read settings {path}: {exc}") from None
            table = raw if name == "clean.toml" else raw.get("tool", {}).get("clean")
            if table is None:
                continue
            where = f"{path}" + ("" if name == "clean.toml" else " [tool.clean]")
            if not isinstance(table, dict):
                raise PackError(f"{where}: expected a table of settings")
            for key in table:
                if key not in KEYS:
                    raise PackError(f"{where}: unknown setting {key!r}.{nearest(key, KEYS)} "
                                    f"Known: {', '.join(sorted(KEYS - {'pack'}))}")
            return _normalize(table, path), path
    return {}, None
