"""Where the options come from: command line beats clean.toml / pyproject.toml beats defaults."""
from __future__ import annotations

import tomllib
from pathlib import Path

from .packs import PackError, nearest

KEYS = {"packs", "select", "ignore", "jobs"}


def find_settings(start: Path | None = None) -> tuple[dict, Path | None]:
    """The first `clean.toml`, or pyproject.toml with a [tool.clean] table, from `start` upward."""
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
            for key in table:
                if key not in KEYS:
                    raise PackError(f"{path}: unknown setting {key!r}.{nearest(key, KEYS)} "
                                    f"Known: {', '.join(sorted(KEYS))}")
            return table, path
    return {}, None
