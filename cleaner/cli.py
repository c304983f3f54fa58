"""The `clean` command: moves files; all cleaning happens in clean_book()."""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import click

from .io import InputError, find_books
from .packs import PackError, build_config

EXIT_OK, EXIT_BOOK_FAILED, EXIT_USAGE = 0, 1, 2


class DefaultGroup(click.Group):
    """`clean PATH...` runs the cleaner; `clean rules`, `clean diff` are subcommands."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pdfbook-mender")
def main():
    """Repair book text extracted from PDFs into canonical text with a reviewable change log.

    \b
    clean IN/ -o OUT/          clean every .txt/.md book in IN/
    clean rules [CODE]         list the rules, or explain one
    clean diff OUT/NAME        summarise a cleaned book's changes
    """


def fail(message: str) -> None:
    click.echo(f"clean: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _out_name(path: Path, taken: set[str]) -> str:
    name = path.stem
    if name in taken:
        name = path.name  # a.txt and a.md in one run: keep both apart
    taken.add(name)
    return name


def _check_out(out: Path, inputs: list[Path], books: list[Path], names: list[str]) -> None:
    out_res = out.resolve()
    book_files = {b.resolve() for b in books}
    for name in names:
        for suffix in (".md", ".changes.jsonl", ".report.html"):
            if (out_res / f"{name}{suffix}") in book_files:
                fail(f"writing {out / (name + suffix)} would overwrite an input book: choose another -o")
    for p in inputs:
        p_res = p.resolve()
        if p.is_dir() and (out_res == p_res or p_res in out_res.parents):
            fail(f"output folder {out} is inside the input folder {p}: choose an OUT outside it, "
                 "or the next run would read its own output")
    if any(b.resolve() == out_res for b in books):
        fail(f"output {out} is an input file: give a folder for -o")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".clean-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        fail(f"cannot write to output folder {out}: {exc.strerror or exc} (choose a writable -o)")


def _work(args):
    path, out, name, config, report = args
    from .outputs import clean_file
    try:
        return clean_file(path, out, name, config, report), None
    except InputError as exc:
        return None, {"name": name, "source": str(path), "error": str(exc)}
    except Exception as exc:  # a bug must not lose the other books' results
        return None, {"name": name, "source": str(path), "error": f"internal error: {exc!r} "
                      "(please report it with the input file)"}


@main.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option("--jobs", "-j", type=int, default=None, help="Books cleaned in parallel (default: all cores).")
@click.option("--pack", "packs", multiple=True, help="Rule pack name or .toml path (repeatable).")
@click.option("--select", multiple=True, help="Enable a rule code or glob (repeatable).")
@click.option("--ignore", multiple=True, help="Disable a rule code or glob (repeatable).")
@click.option("--decisions", type=click.Path(path_type=Path, exists=True),
              help="Review decisions exported from a report (rejected changes, accepted flags, rules "
                   "turned off), or a folder of such .json files.")
@click.option("--no-report", is_flag=True, help="Skip the HTML reports.")
@click.option("--statistics", is_flag=True, help="Print how often each rule changed something, over all books.")
def run(paths, out, jobs, packs, select, ignore, decisions, no_report, statistics):
    """Clean the books in PATHS (files or folders of .txt/.md) into OUT."""
    from .outputs import write_run_summary
    from .settings import find_settings

    if not paths:
        fail("no input given: clean PATH... -o OUT")
    try:
        settings, _ = find_settings()
        books = find_books(list(paths))
        config_args = dict(packs=list(packs) or settings.get("packs"),
                           select=list(select) or settings.get("select", []),
                           ignore=list(ignore) or settings.get("ignore", []))
        build_config(**config_args)  # validate once, up front
        review = None
        if decisions:
            from .review import load_decisions
            review = load_decisions(decisions)
    except (InputError, PackError, ValueError) as exc:
        fail(str(exc))
    if not books:
        fail(f"no .txt or .md books found in {', '.join(map(str, paths))}")
    taken: set[str] = set()
    names = [_out_name(path, taken) for path in books]
    _check_out(out, list(paths), books, names)
    jobs = jobs or settings.get("jobs") or os.cpu_count() or 1
    tasks = []
    for path, name in zip(books, names):
        book_decisions = review.for_book(name) if review else None
        try:
            config = build_config(**config_args,
                                  rejected=book_decisions.reject if book_decisions else frozenset(),
                                  disabled=book_decisions.disable if book_decisions else (),
                                  accepted=book_decisions.accept if book_decisions else frozenset())
        except PackError as exc:
            fail(f"decisions for {name}: {exc}")
        tasks.append((path, out, name, config, not no_report))
    for unknown in sorted(set(review.books) - taken) if review else ():
        click.echo(f"clean: warning: the decisions name a book {unknown!r} that is not among the inputs", err=True)
    done, failed = [], []
    show_bar = sys.stderr.isatty()
    with click.progressbar(length=len(tasks), label="cleaning", file=sys.stderr) if show_bar else _Null() as bar:
        if jobs > 1 and len(tasks) > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                futures = [pool.submit(_work, t) for t in tasks]
                for fut in as_completed(futures):
                    _collect(fut.result(), done, failed)
                    bar.update(1)
        else:
            for t in tasks:
                _collect(_work(t), done, failed)
                bar.update(1)
    done.sort(key=lambda s: s["name"])
    for s in done:
        for w in s["warnings"]:
            click.echo(f"clean: warning: {w}", err=True)
        click.echo(f"{s['name']}: {s['input_kind']}, {s.get('blocks', 0)} blocks, "
                   f"{s['changes']} changes, {s['flags']} flagged, {s['seconds']:.2f}s")
    if statistics:
        _print_statistics(done)
    for f in failed:
        click.echo(f"clean: error: {f['error']}", err=True)
    write_run_summary(out, done, failed)
    sys.exit(EXIT_BOOK_FAILED if failed else EXIT_OK)


def _print_statistics(summaries: list[dict]) -> None:
    """Per-rule change counts over the run, most frequent first (like ruff --statistics)."""
    from collections import Counter

    from .registry import RULES

    counts: Counter = Counter()
    for s in summaries:
        counts.update(s.get("changes_per_rule", {}))
    for code, n in counts.most_common():
        r = RULES.get(code)
        click.echo(f"{n:7}  {code:6} {r.name if r else '':26} {r.safety if r else ''}")


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _collect(outcome, done, failed):
    summary, error = outcome
    (done.append(summary) if summary else failed.append(error))


@main.command("rules")
@click.argument("code", required=False)
def rules_cmd(code):
    """List every rule, or print one rule's documentation."""
    from .pipeline import RULES
    from .packs import builtin_packs, load_pack
    import fnmatch

    pack_of = {}
    for name, path in builtin_packs().items():
        for pattern in load_pack(str(path)).enable:
            for c in fnmatch.filter(RULES, pattern.upper()):
                pack_of.setdefault(c, name)
    if code:
        from .registry import by_name_or_code
        from .packs import nearest
        r = by_name_or_code(code)
        if r is None:
            fail(f"unknown rule {code!r}.{nearest(code.upper(), RULES)} Run `clean rules` for the list.")
        click.echo(f"{r.code} {r.name}  (group {r.group}, pack {pack_of.get(r.code, '-')}, {r.safety})\n")
        click.echo(r.doc)
        if r.example:
            same = "  (no text change: the rule only reports)" if r.example[0] == r.example[1] else ""
            click.echo(f"\nExample:{same}\n  before: {r.example[0]!r}\n  after:  {r.example[1]!r}")
        return
    width = max((len(r.name) for r in RULES.values()), default=24)
    for r in sorted(RULES.values(), key=lambda r: r.code):
        click.echo(f"{r.code:6} {r.name:{width}} {pack_of.get(r.code, '-'):20} {r.safety:6} {r.summary}")


@main.command("diff")
@click.argument("book", type=click.Path(path_type=Path))
@click.option("--rule", "rules", multiple=True, help="Only this rule code (repeatable).")
@click.option("-n", "--examples", type=int, default=3, show_default=True, help="Examples shown per rule.")
def diff_cmd(book, rules, examples):
    """Print a summary of a cleaned book's changes (OUT/NAME): counts per rule, examples, flags."""
    from .review import print_diff
    sys.exit(print_diff(book, tuple(rules), examples))


if __name__ == "__main__":
    main()
