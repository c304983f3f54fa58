"""The HTML report, the run index and summary, decisions files and `clean diff` (no browser here)."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import clean_book
from cleaner.cli import main
from cleaner.packs import build_config
from cleaner.report import render_index, render_report
from cleaner.review import flag_id, load_decisions, parse_decisions, print_diff
from test_report_page import page_data

SMALL = ("Title of the piece\n\nA first paragraph that was wrapped\nby the extractor and goes on.\n\n"
         " 12 \n\nA second paragraph.\n")


def embedded_data(page: str) -> dict:
    """The report's data as its script reads it (tests/report_page.py)."""
    return page_data(page)


def test_report_is_self_contained():
    result = clean_book(SMALL)
    page = render_report("small", SMALL, result, build_config())
    assert page.startswith("<!doctype html>")
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=["\']?(https?:|//)', page)
    assert "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page  # CSP: the page cannot reach the network
    data = embedded_data(page)
    assert len(data["ch"]) == len(result.changes)
    assert data["src"] == SMALL
    assert data["out"] == result.text


def test_script_tags_in_the_book_cannot_break_the_page():
    text = "A paragraph that says </script><script>alert(1)</script> and <!-- this.\n"
    page = render_report("x", text, clean_book(text), build_config())
    data_part = page.split('id=data>', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_part
    for ident in ("src", "out"):  # a text in a textarea: no "</" can end it
        area = page.split(f"<textarea hidden id={ident}>", 1)[1].split("</textarea>", 1)[0]
        assert "</" not in area
    data = embedded_data(page)
    assert data["src"] == text and data["out"].startswith("A paragraph that says </script>")


def test_report_places_changes_on_their_output_block(cleaned_seeds):
    stem, (source, result) = sorted(cleaned_seeds.items())[0]
    data = embedded_data(render_report(stem, source, result, build_config()))
    out = data["out"].split("\n")
    rules = data["rules"]
    last = max(ch[11] for ch in data["ch"])
    for ch in data["ch"]:
        line, col, after = ch[3], ch[4], ch[6]
        assert out[line - 1], "a change belongs to a non-blank output line"
        assert 0 <= col <= len(out[line - 1])
        assert rules[ch[1]][0]
        if ch[11] == last and "\n" not in after:  # nothing reworked it: it is found where it is placed
            assert out[line - 1][col:col + len(after)] == after


def test_largest_seed_report_bars(cleaned_seeds):
    """The largest seed's report is <= 3 MB and written in <= 0.5 s."""
    stem, (source, result) = max(cleaned_seeds.items(), key=lambda kv: len(kv[1][1].changes))
    config = build_config()
    render_report(stem, source, result, config)  # warm (imports)
    best = min(_timed(lambda: render_report(stem, source, result, config)) for _ in range(3))
    page = render_report(stem, source, result, config)
    assert len(page.encode()) <= 3_000_000, len(page.encode())
    assert best <= 0.5, best


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def test_trivial_joins_are_marked_for_collapsing(cleaned_seeds):
    stem, (source, result) = sorted(cleaned_seeds.items())[0]
    data = embedded_data(render_report(stem, source, result, build_config()))
    trivial = [ch for ch in data["ch"] if ch[10]]
    assert trivial and all(data["rules"][ch[1]][0] in ("LY010", "LY011") for ch in trivial)
    assert all(ch[5].split() == ch[6].split() for ch in trivial)  # only whitespace differs


# -- decisions -----------------------------------------------------------------------

def test_decisions_format_and_errors(tmp_path):
    d = parse_decisions({"version": 1, "books": {"b": {"reject": ["0123456789", "abcdefabcd-2"],
                                                       "accept": ["ffffffffff"], "disable": ["hy001"],
                                                       "notes": {"0123456789": "real page number"}}}})
    b = d.for_book("b")
    assert b.reject == {"0123456789", "abcdefabcd-2"} and b.accept == {"ffffffffff"}
    assert b.disable == ("HY001",) and d.for_book("other") is None
    for bad, msg in [({"books": {"b": {"rejects": []}}}, "did you mean 'reject'"),
                     ({"books": {"b": {"reject": ["nothex"]}}}, "not a change id"),
                     ({"books": []}, "books"),
                     ({"version": 9, "books": {}}, "version"),
                     ({"book": {}}, "unknown key")]:
        with pytest.raises(ValueError, match=msg):
            parse_decisions(bad)


def test_decisions_folder_merges(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"books": {"b": {"reject": ["0123456789"]}}}))
    (tmp_path / "b.json").write_text(json.dumps({"books": {"b": {"reject": ["1123456789"],
                                                                "disable": ["FN010"]}}}))
    d = load_decisions(tmp_path).for_book("b")
    assert d.reject == {"0123456789", "1123456789"} and d.disable == ("FN010",)
    (tmp_path / "c.json").write_text("{not json")
    with pytest.raises(ValueError, match="cannot read decisions file"):
        load_decisions(tmp_path)


def test_flag_ids_are_stable():
    f = {"rule": "FN029", "src_line": 12, "message": "reference [^3] has no definition"}
    assert flag_id(f) == flag_id(dict(f)) and re.fullmatch(r"[0-9a-f]{10}", flag_id(f))
    assert flag_id(f) != flag_id({**f, "src_line": 13})


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    from conftest import seed_paths
    paths = seed_paths()
    if not paths:
        pytest.skip("seed books not found")
    src = sorted(paths, key=lambda p: p.stat().st_size)[0]  # the smallest seed: quick
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, [str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return src, out


def _changes(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_run_writes_summary_index_and_report(seed_run):
    src, out = seed_run
    summary = json.loads((out / "summary.json").read_text())
    (book,) = summary["books"]
    for key in ("input_kind", "language", "blocks", "footnotes", "changes_per_rule",
                "flags_needing_review", "seconds", "report", "rejected", "accepted"):
        assert key in book, key
    assert book["language"] == "en"
    assert sum(book["changes_per_rule"].values()) == book["changes"]
    index = (out / "index.html").read_text()
    assert f'href=\'{src.stem}.report.html\'' in index and (out / book["report"]).is_file()
    assert "flagged for review" in index


def test_decisions_round_trip_in_the_cli(seed_run, tmp_path):
    """Rejected ids are absent from the next run; the report lists them; a disabled rule is off."""
    src, out = seed_run
    name = src.stem
    changes = [c for c in _changes(out / f"{name}.changes.jsonl") if not c.get("flag")]
    picks = [c for c in changes if c["rule"] not in ("LY010", "LY011")][:2]
    from cleaner.registry import RULES
    # a rule with its own function (layout steps are reviewed change by change)
    off_rule = next(c["rule"] for c in changes if RULES[c["rule"]].func is not None
                    and c["rule"] not in (picks[0]["rule"], picks[1]["rule"]))
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"version": 1, "books": {name: {"reject": [c["id"] for c in picks],
                                                             "disable": [off_rule]}}}))
    out2 = tmp_path / "out2"
    res = CliRunner().invoke(main, [str(src), "-o", str(out2), "--decisions", str(dec)])
    assert res.exit_code == 0, res.output
    new = _changes(out2 / f"{name}.changes.jsonl")
    new_ids = {c["id"] for c in new}
    assert not {c["id"] for c in picks} & new_ids
    assert not any(c["rule"] == off_rule for c in new)
    data = embedded_data((out2 / f"{name}.report.html").read_text())
    assert {r[0] for r in data["rej"]} >= {c["id"] for c in picks}  # (+ the other half of a move)
    assert set(data["dec"]["reject"]) == {r[0] for r in data["rej"]}
    assert data["dec"]["disable"] == [off_rule]
    book = json.loads((out2 / "summary.json").read_text())["books"][0]
    assert book["rejected"] == 2 and book["rules_disabled"] == [off_rule]


def test_bad_decisions_file_is_a_usage_error(seed_run, tmp_path):
    src, _ = seed_run
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"books": {src.stem: {"disable": ["ZZ999"]}}}))
    res = CliRunner().invoke(main, [str(src), "-o", str(tmp_path / "o"), "--decisions", str(dec)])
    assert res.exit_code == 2 and "ZZ999" in res.output


# -- clean diff --------------------------------------------------------------------------

def test_clean_diff_plain_when_not_a_terminal(seed_run):
    src, out = seed_run
    res = CliRunner().invoke(main, ["diff", str(out / src.stem)])
    assert res.exit_code == 0, res.output
    assert "\x1b[" not in res.output
    summary = json.loads((out / "summary.json").read_text())["books"][0]
    top_rule, n = max(summary["changes_per_rule"].items(), key=lambda kv: kv[1])
    assert re.search(rf"^{top_rule}\s+{n}\b", res.output, re.M)
    assert "[-" in res.output or "{+" in res.output  # examples with before/after


def test_clean_diff_colour_and_no_color(seed_run, capsys, monkeypatch):
    src, out = seed_run
    assert print_diff(out / src.stem, color=True) == 0
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert print_diff(out / src.stem) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_clean_diff_rule_filter_and_missing_book(seed_run, tmp_path):
    src, out = seed_run
    res = CliRunner().invoke(main, ["diff", str(out / src.stem), "--rule", "LY010", "-n", "1"])
    assert res.exit_code == 0 and "LY011" not in res.output.split("\n\n", 1)[1]
    res = CliRunner().invoke(main, ["diff", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and "no change log" in res.output


def test_index_lists_failed_books():
    page = render_index({"books": [], "failed": [{"name": "x", "source": "x.txt", "error": "bad <input>"}]})
    assert "Failed (1)" in page and "bad &lt;input&gt;" in page


def test_accepting_flags_lowers_what_needs_review(seed_run, tmp_path):
    src, out = seed_run
    name = src.stem
    logged = _changes(out / f"{name}.changes.jsonl")
    flagged = [c["id"] for c in logged if c.get("flag") or c.get("safety") == "flag"]
    if not flagged:
        pytest.skip("nothing flagged in this seed")
    before = json.loads((out / "summary.json").read_text())["books"][0]
    dec = tmp_path / "d.json"
    dec.write_text(json.dumps({"books": {name: {"accept": flagged[:1]}}}))
    out2 = tmp_path / "o"
    res = CliRunner().invoke(main, [str(src), "-o", str(out2), "--decisions", str(dec)])
    assert res.exit_code == 0, res.output
    after = json.loads((out2 / "summary.json").read_text())["books"][0]
    assert after["accepted"] == 1
    assert after["flags_needing_review"] == before["flags_needing_review"] - 1
    assert embedded_data((out2 / f"{name}.report.html").read_text())["dec"]["accept"] == flagged[:1]
