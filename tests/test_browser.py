"""The report in a real browser: Debian's chromium, headless, driven by Playwright for Python.

Skipped when /usr/bin/chromium or the playwright package is missing (CI installs both).
Never downloads a browser: the system chromium is launched by path.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

CHROMIUM = Path(os.environ.get("CLEAN_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

from cleaner.cli import main  # noqa: E402
from cleaner.report import _cut  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    """Two seeds cleaned by the CLI: the smallest (round trip) and the largest (speed, filters)."""
    from conftest import seed_paths
    paths = sorted(seed_paths(), key=lambda p: p.stat().st_size)
    if not paths:
        pytest.skip("seed books not found")
    paths = sorted({paths[0], paths[-1]})
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, [*map(str, paths), "-o", str(out), "-j", "1"])
    assert res.exit_code == 0, res.output
    return paths, out


class Page:
    """A page with its console errors and uncaught exceptions collected."""

    def __init__(self, browser, url: str, tmp: Path):
        self.ctx = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url)
                     if not r.url.startswith(("file:", "data:", "blob:")) else None)
        t0 = time.perf_counter()
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=15000)
        self.load_seconds = time.perf_counter() - t0

    def close(self):
        self.page.evaluate("window.__noUnloadPrompt = true")
        self.ctx.close()


def _screenshot(page, path: Path) -> None:
    page.click("#review > summary")  # fold the flagged list
    hunks = page.locator("#hunks .hunk")
    k = next((k for k in range(hunks.count()) if hunks.nth(k).locator(".crow").count() >= 3
              and hunks.nth(k).locator(".sl").count() <= 30), 0)
    hunks.nth(k).locator(".rejbtn").first.click()
    page.evaluate("k => { const h = document.querySelectorAll('#hunks .hunk')[k];"
                  " document.getElementById('main').scrollTop = h.offsetTop - 60; }", k)
    page.wait_for_timeout(100)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.click(".crow.rejd .rejbtn")  # undo, so the test goes on from the first state
    page.click("#review > summary")


def _report(out: Path, name: str) -> str:
    return (out / f"{name}.report.html").as_uri()


def _changes(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_largest_report_opens_fast_and_filters(browser, run_out, tmp_path):
    paths, out = run_out
    summary = json.loads((out / "summary.json").read_text())
    big = max(summary["books"], key=lambda b: b["changes"])
    pg = Page(browser, _report(out, big["name"]), tmp_path)
    page = pg.page
    try:
        assert pg.load_seconds < 5, pg.load_seconds
        if os.environ.get("CLEAN_SCREENSHOT"):  # CLEAN_SCREENSHOT=docs/report.png: the README's picture
            _screenshot(page, Path(os.environ["CLEAN_SCREENSHOT"]))
        status = page.inner_text("#status")
        total = big["changes"]
        assert f"of {total} changes" in status
        # line joins are collapsed by default: far fewer changes are listed than made
        shown = int(status.split()[0])
        assert shown < total
        # show the line joins: every change is listed
        page.check("#triv")
        assert page.inner_text("#status").startswith(f"{total} of {total}")
        # a block's line joins, listed when opened: their texts are rebuilt from the page's data
        joins = page.locator("#hunks details.joins").first
        joins.locator("summary").click()
        n_joins = int(joins.locator("summary").inner_text().split()[0])
        assert joins.locator(".crow").count() == n_joins
        ids = joins.locator(".crow").evaluate_all("els => els.map(e => e.id.slice(2))")
        log = {c["id"]: c for c in _changes(out / f"{big['name']}.changes.jsonl") if "before" in c}
        texts = page.evaluate("ids => ids.map(id => [byId.get(id).b, byId.get(id).a])", ids)
        assert texts == [[_cut(log[i]["before"]), log[i]["after"]] for i in ids]
        page.uncheck("#triv")
        # filter by safety: untick "safe"
        page.uncheck("input[data-saf='safe']")
        not_safe = int(page.inner_text("#status").split()[0])
        assert not_safe < shown
        page.check("input[data-saf='safe']")
        # filter by rule: untick one rule, then show only one rule (click its code)
        rules = page.eval_on_selector_all("#frules input.rf", "els => els.map(e => e.dataset.rule)")
        keep = next(r for r in rules if r not in ("LY010", "LY011") and big["changes_per_rule"].get(r))
        page.uncheck(f"#frules input.rf[data-rule='{keep}']")
        assert int(page.inner_text("#status").split()[0]) == shown - big["changes_per_rule"][keep]
        page.check(f"#frules input.rf[data-rule='{keep}']")
        page.click(f"#frules tr[data-rule='{keep}'] td.code")
        n_keep = big["changes_per_rule"][keep]
        assert page.inner_text("#status").startswith(f"{n_keep} of {total}")
        codes = set(page.eval_on_selector_all("#hunks .crow .badge", "els => els.map(e => e.textContent)"))
        assert codes == {keep}
        # jump to the next change of the same rule
        page.click("#hunks .crow .nxt")
        assert page.eval_on_selector(".crow.flash", "e => e.querySelector('.badge').textContent") == keep
        # text search narrows the list
        page.click(f"#frules tr[data-rule='{keep}'] td.code")  # all rules again
        assert page.inner_text("#status").startswith(f"{shown} of {total}")
        word = next(w for c in _changes(out / f"{big['name']}.changes.jsonl") if not c.get("flag")
                    for w in re.findall(r"[A-Za-z]{6,}", c.get("after", "")))
        page.fill("#q", word)
        page.wait_for_function("n => document.getElementById('status').textContent.split(' ')[0] !== n",
                               arg=str(shown))
        assert 0 < int(page.inner_text("#status").split()[0]) < shown
        # the lazy list renders more blocks on scroll
        page.fill("#q", "")
        page.wait_for_timeout(300)
        before = page.locator("#hunks .hunk").count()
        page.evaluate("document.getElementById('main').scrollTop = 1e9")
        page.wait_for_timeout(200)
        assert page.locator("#hunks .hunk").count() > before
        assert not pg.errors, pg.errors
        assert not pg.requests, pg.requests
    finally:
        pg.close()


def test_reject_export_and_round_trip(browser, run_out, tmp_path):
    """Reject two changes in the browser, export, re-run with the file: both are gone."""
    paths, out = run_out
    src = sorted(paths, key=lambda p: p.stat().st_size)[0]
    name = src.stem
    pg = Page(browser, _report(out, name), tmp_path)
    page = pg.page
    try:
        rows = page.locator("#hunks .crow")
        ids = []
        for k in range(rows.count()):
            cid = rows.nth(k).get_attribute("id")[2:]
            if cid not in ids:
                rows.nth(k).locator(".rejbtn").click()
                ids.append(cid)
            if len(ids) == 2:
                break
        assert len(ids) == 2
        assert page.locator("#hunks .crow.rejd").count() >= 2
        assert "2 rejected" in page.inner_text("#decsum") or "rejected" in page.inner_text("#decsum")
        with page.expect_download() as dl:
            page.click("#export")
        download = dl.value
        assert download.suggested_filename == f"{name}.decisions.json"
        dec_file = tmp_path / download.suggested_filename
        download.save_as(dec_file)
        assert not pg.errors, pg.errors
    finally:
        pg.close()
    decisions = json.loads(dec_file.read_text())
    rejected = decisions["books"][name]["reject"]
    assert set(ids) <= set(rejected)  # (a move's two halves are rejected together)

    old = {c["id"] for c in _changes(out / f"{name}.changes.jsonl")}
    assert set(rejected) <= old
    out2 = tmp_path / "out2"
    res = CliRunner().invoke(main, [str(src), "-o", str(out2), "--decisions", str(dec_file)])
    assert res.exit_code == 0, res.output
    new = {c["id"] for c in _changes(out2 / f"{name}.changes.jsonl")}
    assert not set(rejected) & new
    assert (out2 / f"{name}.md").read_text() != (out / f"{name}.md").read_text()

    # the next report shows what the decisions changed
    pg = Page(browser, _report(out2, name), tmp_path)
    try:
        page = pg.page
        assert page.is_visible("#rejsec")
        listed = page.eval_on_selector_all("#rejlist [data-rej]", "els => els.map(e => e.dataset.rej)")
        assert set(listed) == set(rejected)
        assert f"{len(rejected)} rejected" in page.inner_text("#decsum")
        # undo one rejection and export again: it is no longer in the file
        page.locator(f"#rejlist [data-rej='{ids[0]}'] .unrej").click()
        with page.expect_download() as dl:
            page.click("#export")
        again = json.loads(Path(dl.value.path()).read_text())
        assert ids[0] not in again["books"][name]["reject"]
        assert not pg.errors, pg.errors
    finally:
        pg.close()


def test_accept_flag_and_turn_rule_off(browser, run_out, tmp_path):
    paths, out = run_out
    summary = json.loads((out / "summary.json").read_text())
    book = max(summary["books"], key=lambda b: b["flags_needing_review"])
    pg = Page(browser, _report(out, book["name"]), tmp_path)
    page = pg.page
    try:
        accepted = []
        if book["flags_needing_review"]:
            item = page.locator("#reviewlist .crow").first
            item.locator("button.accbtn, button.accflag").first.click()
            item = page.locator("#reviewlist .crow").first
            accepted.append(item.locator(".cid").inner_text())
        switch = page.locator("#frules input.roff:not([disabled])").first
        rule = switch.get_attribute("data-rule")
        switch.check()
        with page.expect_download() as dl:
            page.click("#export")
        d = json.loads(Path(dl.value.path()).read_text())["books"][book["name"]]
        assert d["disable"] == [rule]
        assert d["accept"] == accepted
        assert not pg.errors, pg.errors
    finally:
        pg.close()


def test_index_links_to_reports(browser, run_out, tmp_path):
    paths, out = run_out
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((out / "index.html").as_uri())
    links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(links) == sorted(f"{p.stem}.report.html" for p in paths)
    small = min(paths, key=lambda p: p.stat().st_size)
    page.click(f"text={small.stem}")
    page.wait_for_selector("body[data-ready='1']")
    assert not errors, errors
    ctx.close()


JS_ROWS = "() => C.map((c) => [c.id, c.r, c.s, c.line, c.col, c.b, c.a, c.sa, c.sb, c.why, c.triv, c.pass])"


def test_script_reads_back_what_the_log_says(browser, run_out, tmp_path):
    """The script's changes (texts rebuilt, placed, sorted) are the rows tests/test_report_page.py
    checks against the change log and the former report; also for awkward texts."""
    from test_report_page import VARIANTS, page_data
    from cleaner import clean_book
    from cleaner.packs import build_config
    from cleaner.report import render_report

    paths, out = run_out
    pages = [out / f"{p.stem}.report.html" for p in paths]
    for k, text in enumerate(VARIANTS.values()):
        pages.append(tmp_path / f"edges{k}.report.html")
        pages[-1].write_text(render_report(f"edges{k}", text, clean_book(text), build_config()), encoding="utf-8")
    for path in pages:
        pg = Page(browser, path.as_uri(), tmp_path)
        try:
            data = page_data(path.read_text(encoding="utf-8"))
            assert pg.page.evaluate(JS_ROWS) == data["ch"], path.name
            assert pg.page.evaluate("() => [TEXT[0], TEXT[1]]") == [data["src"], data["out"]]
            assert not pg.errors, pg.errors
        finally:
            pg.close()
