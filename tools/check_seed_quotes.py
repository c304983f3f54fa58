"""Find text in cleaner/ and rules/ that quotes a seed book.

The rules must describe kinds of damage, never one book's sentences.  This
script reads every string literal, docstring and comment of the Python
modules under cleaner/ and every line of rules/*.toml, and reports each one
that shares a run of N (default 6) consecutive words with a seed book
(/work/shared/seeds/*.txt or --seeds DIR).  It also reports references to
source line numbers ("line 1234", "lines 12-15", "1138/1139", "(2619)").

Usage: python tools/check_seed_quotes.py [--seeds DIR] [--words N] [ROOT]
Exit status 1 when something is found.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

WORD = re.compile(r"\w+", re.UNICODE)
# Line-number references: "line 1234", "lines 12-15", "l. 345", "1138/1139", "(2619)".
# (A year is not a line number: `(2020)` and `2019/2020` are left alone.)
YEAR = r"(?:19|20)\d\d"
LINE_REF = re.compile(
    r"\blines?\s+\d{2,5}(?:\s*[-\u2013/,]\s*\d{2,5})*\b"
    r"|\bl\.\s*\d{3,5}\b"
    rf"|(?<![\d./:-])(?!{YEAR}/{YEAR}\b)\d{{3,5}}/\d{{3,5}}(?![\d/])"
    rf"|\((?:line\s+)?(?!{YEAR}\))\d{{3,5}}\)",
    re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def seed_ngrams(seed_dir: Path, n: int) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for path in sorted(seed_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        # the raw text, and the same with line-end hyphens and markdown removed
        variants = (raw, re.sub(r"-[ \t]*\n\s*", "", raw), re.sub(r"[*_`\\]+", "", raw))
        for text in variants:
            ws = words(text)
            grams.update(tuple(ws[i:i + n]) for i in range(len(ws) - n + 1))
    return grams


def python_texts(path: Path):
    """(line, text) for every string literal and comment of a Python file."""
    src = path.read_text(encoding="utf-8")
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type in (tokenize.STRING, tokenize.COMMENT):
            yield tok.start[0], tok.string
        elif getattr(tokenize, "FSTRING_MIDDLE", None) == tok.type:
            yield tok.start[0], tok.string


def toml_texts(path: Path):
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        yield i, line


def unescape(s: str) -> str:
    # "\\n" in a literal is a line break in the text it stands for
    return s.replace("\\n", "\n").replace("\\t", " ")


def scan(root: Path, seed_dir: Path, n: int = 6) -> list[str]:
    grams = seed_ngrams(seed_dir, n)
    files = sorted((root / "cleaner").rglob("*.py")) + sorted((root / "rules").glob("*.toml"))
    found: list[str] = []
    for path in files:
        texts = python_texts(path) if path.suffix == ".py" else toml_texts(path)
        rel = path.relative_to(root)
        for line, text in texts:
            t = unescape(text)
            ws = words(t)
            hits = [" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1) if tuple(ws[i:i + n]) in grams]
            if hits:
                found.append(f"{rel}:{line}: seed words: {hits[0]!r}" + (f" (+{len(hits) - 1})" if len(hits) > 1 else ""))
            for m in LINE_REF.finditer(t):
                found.append(f"{rel}:{line}: line-number reference: {m.group(0)!r}")
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parent.parent))
    ap.add_argument("--seeds", default=None, help="seed directory (default ROOT/../shared/seeds)")
    ap.add_argument("--words", type=int, default=6)
    args = ap.parse_args(argv)
    root = Path(args.root)
    seeds = Path(args.seeds) if args.seeds else root.parent / "shared" / "seeds"
    if not seeds.is_dir():
        print(f"no seed directory {seeds}", file=sys.stderr)
        return 2
    found = scan(root, seeds, args.words)
    for f in found:
        print(f)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
