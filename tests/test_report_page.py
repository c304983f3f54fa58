"""The report's embedded data, read back as its script reads it, shows exactly what the change log says.

The report sends long texts once (cleaner.report.report_data): a change's before/after as a slice of
the source or output, a line join's after as JOINED (its before with the line ends made spaces), the
source and output in textareas, the change fields as packed columns, and the script finds each
change's output line and column.  `page_data(page)` is a Python mirror of the script's unpacking;
the tests check it against the change log and against `reference_rows`, the rows the report
embedded before (old report_data, kept here verbatim in spirit), and tests/test_browser.py checks
the script itself against the same rows.

Rows: [id, rule, safety, line, col, before, after, src_a, src_b, reason, trivial, pass], in the
script's order (output line, column, pass; the log's order within).
"""
from __future__ import annotations

import base64
import html
import json
import re
import struct
import sys
from bisect import bisect_right
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import clean_book
from cleaner.cli import main
from cleaner.packs import build_config
from cleaner.report import (JOINED, MAX_BEFORE, OUTPUT, SAFETIES, SOURCE, TRIVIAL_RULES, _JS_WS, _TEXT_SEP, _cut,
                            render_report)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples" / "raw").glob("*"))
NLRUN = re.compile(f"[{_JS_WS}]*\n[{_JS_WS}]*")


# -- the mirror of the script's unpacking ------------------------------------------------

def textarea(page: str, ident: str) -> str | None:
    m = re.search(f"<textarea hidden id={ident}>\n(.*?)</textarea>", page, re.S)
    return None if m is None else html.unescape(m.group(1))  # as the HTML parser decodes it


def embedded_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id=data>(.*?)</script>', page, re.S)
    assert m, "the report embeds its data"
    return json.loads(m.group(1))


def unpack(field: str, v):
    if isinstance(v, list):
        return v
    if field in _TEXT_SEP:
        return v.split(_TEXT_SEP[field])
    raw = base64.b64decode(v[1:])
    fmt = "<" + v[0]
    return list(struct.unpack(f"<{len(raw) // struct.calcsize(fmt)}{v[0]}", raw))


def _placer(out: str):
    """off -> (output line 1-based, column): where the script shows a change."""
    lines = out.split("\n")
    starts, p = [], 0
    for t in lines:
        starts.append(p)
        p += len(t) + 1

    def at(off: int) -> tuple[int, int]:
        line = max(1, bisect_right(starts, off))
        if lines[line - 1]:
            return line, off - starts[line - 1]
        k = line  # a blank line (between blocks): the block above
        while k > 1 and not lines[k - 1]:
            k -= 1
        if lines[k - 1]:
            return k, len(lines[k - 1])
        k = line
        while k < len(lines) and not lines[k - 1]:
            k += 1
        return k, 0
    return at


def texts_of(data: dict, j: int, bs: dict, as_: dict) -> tuple[str, str, str]:
    """(before as shown, after, whole before) of change j of data["ch"] (unpacked columns)."""
    K, src, out = data["ch"], data["src"], data["out"]
    if j in bs:
        o, n = bs[j]
        full = src[o:o + n]
        before = _cut(full)
    else:
        full = before = K["bt"][j]
    if j not in as_:
        after = K["at"][j]
    else:
        where, o, n = as_[j]
        if where == JOINED:
            assert len(full) <= MAX_BEFORE
            after = NLRUN.sub(" ", full)
        else:
            assert where in (SOURCE, OUTPUT)
            after = (out if where == OUTPUT else src)[o:o + n]
    return before, after, full


def page_data(page: str) -> dict:
    """The embedded data as the script reads it: "src"/"out" texts, "ch" rows (module docstring),
    "full" = {id: whole before}, "columns" = the unpacked columns."""
    data = embedded_json(page)
    for key in ("src", "out"):
        if key not in data:
            data[key] = textarea(page, key)
    data["ch"] = K = {f: unpack(f, v) for f, v in data["ch"].items()}
    bs = {K["bs"][k]: K["bs"][k + 1:k + 3] for k in range(0, len(K["bs"]), 3)}
    as_ = {K["as"][k]: K["as"][k + 1:k + 4] for k in range(0, len(K["as"]), 4)}
    at = _placer(data["out"])
    rows, full = [], {}
    for j in range(len(K["id"])):
        line, col = at(K["off"][j])
        before, after, full[K["id"][j]] = texts_of(data, j, bs, as_)
        rows.append([K["id"][j], K["rule"][j], K["saf"][j], line, col, before, after, K["sa"][j], K["sb"][j],
                     K["why"][j], K["triv"][j], K["pass"][j]])
    rows.sort(key=lambda r: (r[3], r[4], r[11]))
    data["columns"], data["ch"], data["full"] = K, rows, full
    return data


# -- what the report embedded before (rows of the former report_data) ----------------------

def reference_rows(result, rules: list) -> tuple[list[list], dict]:
    """The change rows as the report embedded them before it sent texts once (the rule index is
    looked up in `rules`, the page's rule table), and the move pairs."""
    rule_ix = {r[0]: k for k, r in enumerate(rules)}
    saf_ix = {s: i for i, s in enumerate(SAFETIES)}
    out = result.text
    out_lines = out.split("\n")
    starts, p = [], 0
    for t in out_lines:
        starts.append(p)
        p += len(t) + 1
    n_lines = len(out_lines)
    rows = []
    for c in result.changes:
        off = c.out_offset if c.out_offset >= 0 else starts[max(0, min(c.out_line, n_lines) - 1)]
        line = bisect_right(starts, off)
        col = off - starts[line - 1]
        if not out_lines[line - 1]:
            k = line
            while k > 1 and not out_lines[k - 1]:
                k -= 1
            if out_lines[k - 1]:
                line, col = k, len(out_lines[k - 1])
            else:
                k = line
                while k < n_lines and not out_lines[k - 1]:
                    k += 1
                line, col = k, 0
        trivial = 1 if (c.rule in TRIVIAL_RULES and c.before.split() == c.after.split()) else 0
        rows.append([c.id, rule_ix[c.rule], saf_ix.get(c.safety, 0), line, col, _cut(c.before), c.after,
                     c.src_lines[0], c.src_lines[1], c.reason, trivial, c.pass_no])
    rows.sort(key=lambda a: (a[3], a[4], a[11]))
    lines_of = {c.id: c.src_lines for c in result.changes}
    pairs = {}
    dels: dict = {}
    for c in list(result.changes) + list(result.rejected_changes):
        if c.before and not c.after:
            dels.setdefault((c.pass_no, c.rule, c.before), []).append(c.id)
    for c in list(result.changes) + list(result.rejected_changes):
        if c.after and not c.before and dels.get((c.pass_no, c.rule, c.after)):
            other = dels[(c.pass_no, c.rule, c.after)].pop(0)
            pairs[c.id], pairs[other] = other, c.id
    for a in rows:
        if not a[5] and a[0] in pairs and pairs[a[0]] in lines_of:
            a[7], a[8] = lines_of[pairs[a[0]]]
    return rows, pairs


def check_page(page: str, source: str, result) -> dict:
    """The page shows what the log says, as the former report did; returns page_data(page)."""
    data = page_data(page)
    assert data["src"] == source and data["out"] == result.text
    rows, pairs = reference_rows(result, data["rules"])
    assert data["ch"] == rows
    assert data["pairs"] == pairs
    for c in result.changes:  # whole texts, not only as shown
        assert data["full"][c.id] == c.before
    return data


# -- tests ----------------------------------------------------------------------------------

def test_script_whitespace_is_pythons():
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, sys.maxunicode + 1)))
    assert re.findall(f"[{_JS_WS}]", every) == [c for c in every if c.isspace()]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_report_rebuilds_the_change_log(path, tmp_path):
    """Through the CLI: every change's texts, rebuilt from the report, equal changes.jsonl's."""
    res = CliRunner().invoke(main, [str(path), "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    page = (tmp_path / f"{path.stem}.report.html").read_text(encoding="utf-8")
    log = [json.loads(x) for x in (tmp_path / f"{path.stem}.changes.jsonl").read_text(encoding="utf-8").splitlines()
           if x.strip()]
    log = [c for c in log if "id" in c and "before" in c]
    data = page_data(page)
    rows = {r[0]: r for r in data["ch"]}
    assert sorted(rows) == sorted(c["id"] for c in log)
    trivial = 0
    for c in log:
        row = rows[c["id"]]
        assert data["full"][c["id"]] == c["before"]
        assert row[5] == _cut(c["before"]) and row[6] == c["after"]
        trivial += row[10]
    assert trivial, "the sample has line joins"
    assert data["out"] == (tmp_path / f"{path.stem}.md").read_text(encoding="utf-8")


def test_seed_reports_show_what_the_report_showed_before(cleaned_seeds):
    config = build_config()
    kinds = set()
    for stem, (source, result) in sorted(cleaned_seeds.items()):
        page = render_report(stem, source, result, config)
        data = check_page(page, source, result)
        K = data["columns"]
        kinds |= {"bs"} if K["bs"] else set()
        kinds |= {("as", w) for w in K["as"][1::4]}
        # long texts are sent once: the page is not much more than the book and its output
        assert len(page) < 1.6 * (len(source) + len(result.text)) + 100_000, stem
        assert render_report(stem, source, result, config) == page  # deterministic
    assert kinds == {"bs", ("as", SOURCE), ("as", OUTPUT), ("as", JOINED)}


EDGES = ("A wrapped paragraph with an emoji \U0001F600 and a wide \U00010348 letter, and\n"
         "it goes on \u2028 after &amp; and &lt;b&gt; and </textarea> and </script> and\n"
         "<!-- a comment, a tab\there, \x1f \x7f separators, a comma, and\u00a0NBSP,\n"
         "till the end \U0001F600 of it.\n\n"
         "A second paragraph of the book \U0001F600 that the extractor wrapped\n"
         "\U0001F600 at a line that starts with an emoji.\n")


VARIANTS = {"edges": EDGES, "crlf": EDGES.replace("\n", "\r\n"), "nul": EDGES.replace("tab\t", "nul\x00"),
            "plain-amp": EDGES.replace("&amp;", "R&D").replace("&lt;b&gt;", "a & b").replace("\x7f", "")}


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_edge_texts_survive(text):
    result = clean_book(text)
    page = render_report("edges", text, result, build_config())
    data = check_page(page, text, result)
    assert any(r[10] for r in data["ch"])
    if "\x00" in text:  # NUL cannot be sent in a textarea: it stays in the JSON
        assert "<textarea hidden id=src>" not in page
    else:
        assert data["src"] == textarea(page, "src")


def test_moves_and_rejected_changes(cleaned_seeds):
    """A book with moved notes, some changes rejected (one half of a move among them)."""
    stem, (source, result) = max(cleaned_seeds.items(), key=lambda kv: sum(not c.after for c in kv[1][1].changes))
    moved = [c for c in result.changes if c.before and not c.after and c.rule == "FN002"]
    if not moved:
        pytest.skip("no moved notes")
    picks = {moved[0].id, moved[-1].id, next(c.id for c in result.changes if c.rule not in TRIVIAL_RULES)}
    config = build_config(rejected=picks)
    again = clean_book(source, config)
    assert again.rejected_changes
    data = check_page(render_report(stem, source, again, config), source, again)
    assert set(data["dec"]["reject"]) >= picks
