"""The command line: outputs, exit codes, and one-line errors for bad input."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import main

RAW = ("Prospects for effective cooperation \n \n\nIn June 2021, the Belarusian-Asian Forum was held, which was \n\n"
       "attended by representatives of many states.  \n")


def run(args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


def test_cleans_a_folder_and_writes_every_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "book.txt").write_text(RAW, encoding="utf-8")
    digest = hashlib.sha256((src / "book.txt").read_bytes()).hexdigest()
    out = tmp_path / "out"
    res = run([src, "-o", out, "--jobs", "1"])
    assert res.exit_code == 0, res.output
    for name in ("book.md", "book.changes.jsonl", "book.report.html", "index.html", "summary.json"):
        assert (out / name).is_file(), name
    assert "In June 2021, the Belarusian-Asian Forum was held, which was attended" in (out / "book.md").read_text()
    assert hashlib.sha256((src / "book.txt").read_bytes()).hexdigest() == digest  # input untouched
    summary = json.loads((out / "summary.json").read_text())
    assert summary["books"][0]["name"] == "book"
    first = json.loads((out / "book.changes.jsonl").read_text().splitlines()[0])
    assert {"id", "rule", "src_lines", "before", "after"} <= first.keys()
    assert "book:" in res.output  # one summary line per book


def test_parallel_jobs_give_the_same_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"b{i}.txt").write_text(RAW.replace("2021", str(2000 + i)), encoding="utf-8")
    run([src, "-o", tmp_path / "serial", "--jobs", "1"])
    res = run([src, "-o", tmp_path / "pool", "--jobs", "2"])
    assert res.exit_code == 0
    for i in range(3):
        assert (tmp_path / "serial" / f"b{i}.md").read_text() == (tmp_path / "pool" / f"b{i}.md").read_text()


def test_missing_path_is_a_usage_error(tmp_path):
    res = run([tmp_path / "nope.txt", "-o", tmp_path / "out"])
    assert res.exit_code == 2
    assert "no such file or folder" in res.output and "Traceback" not in res.output


def test_no_output_option_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(RAW)
    assert run([tmp_path / "a.txt"]).exit_code == 2


def test_empty_file_fails_that_book_only(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("")
    (src / "good.txt").write_text(RAW)
    res = run([src, "-o", tmp_path / "out", "--jobs", "1"])
    assert res.exit_code == 1
    assert "empty" in res.output and "Traceback" not in res.output
    assert (tmp_path / "out" / "good.md").is_file()


def test_binary_file_is_refused_with_advice(tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    res = run([tmp_path / "scan.txt", "-o", tmp_path / "out"])
    assert res.exit_code == 1
    assert "binary" in res.output and "pdftotext" in res.output


def test_cp1251_file_is_decoded_with_a_warning(tmp_path):
    (tmp_path / "ru.txt").write_bytes("Книга о сотрудничестве. Москва, 2020. С. 5.\n".encode("cp1251"))
    res = run([tmp_path / "ru.txt", "-o", tmp_path / "out"])
    assert res.exit_code == 0
    assert "cp1251" in res.output
    assert "Москва" in (tmp_path / "out" / "ru.md").read_text(encoding="utf-8")


def test_latin1_file_is_decoded_with_a_warning(tmp_path):
    (tmp_path / "fr.txt").write_bytes("Communiqu\xe9 de presse sur la coop\xe9ration.\n".encode("latin-1"))
    res = run([tmp_path / "fr.txt", "-o", tmp_path / "out"])
    assert res.exit_code == 0 and "latin-1" in res.output
    assert "Communiqué" in (tmp_path / "out" / "fr.md").read_text(encoding="utf-8")


def test_output_inside_input_folder_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(RAW)
    res = run([tmp_path, "-o", tmp_path / "out"])
    assert res.exit_code == 2 and "inside the input folder" in res.output


def test_unwritable_output_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(RAW)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    res = run([tmp_path / "a.txt", "-o", blocker / "out"])
    assert res.exit_code == 2 and "cannot write" in res.output


def test_output_file_never_overwrites_an_input(tmp_path):
    book = tmp_path / "book.md"
    book.write_text(RAW)
    before = book.read_bytes()
    res = run([book, "-o", tmp_path])
    # the output would be tmp_path/book.md, the input itself
    assert res.exit_code == 2 and book.read_bytes() == before


def test_unknown_rule_names_the_nearest(tmp_path):
    (tmp_path / "a.txt").write_text(RAW)
    res = run([tmp_path / "a.txt", "-o", tmp_path / "out", "--ignore", "LY0001"])
    assert res.exit_code == 2 and "unknown rule" in res.output and "LY001" in res.output


def test_rules_lists_and_explains():
    res = run(["rules"])
    assert res.exit_code == 0 and "LY001" in res.output and "page-number" in res.output
    res = run(["rules", "LY001"])
    assert res.exit_code == 0 and "Example" in res.output
    assert run(["rules", "ZZ999"]).exit_code == 2


def test_ignoring_a_layout_rule_keeps_its_edits_out(tmp_path):
    book = tmp_path / "a.txt"
    book.write_text("The text runs on to the\n\n\n\n 11 \n\nnext page and the pro-\n\nduction goes on.\n")
    assert run([book, "-o", tmp_path / "all", "--no-report"]).exit_code == 0
    assert (tmp_path / "all" / "a.md").read_text() == "The text runs on to the next page and the production goes on.\n"
    assert run([book, "-o", tmp_path / "keep", "--no-report", "--ignore", "LY001"]).exit_code == 0
    assert "\n\n11\n\n" in (tmp_path / "keep" / "a.md").read_text()
    assert run([book, "-o", tmp_path / "hy", "--no-report", "--ignore", "HY001"]).exit_code == 0
    assert "pro- duction" in (tmp_path / "hy" / "a.md").read_text()


def test_statistics_counts_changes_per_rule(tmp_path):
    book = tmp_path / "a.txt"
    book.write_text("The text runs on to the\n\n\n\n 11 \n\nnext page and the pro-\n\nduction goes on.\n")
    res = run([book, "-o", tmp_path / "out", "--no-report", "--statistics"])
    assert res.exit_code == 0
    rows = {line.split()[1]: int(line.split()[0]) for line in res.output.splitlines()[1:] if line.strip()}
    assert rows["LY001"] == 1 and rows["HY001"] == 1
