"""Every rule is documented (what, why, example, safety) and its example really does what it shows.

The example pair `(before, after)` given to `@rule(..., example=...)` or
`declare(..., example=...)` is run through `clean_book` with the default
packs: `clean rules CODE` prints it, so it must be true.  A rule whose
safety is "flag" and that only reports (FN029) has an example whose output
equals its input; its docstring says so, and the run must carry its flag.
"""
from __future__ import annotations

import pytest

from cleaner import clean_book
from cleaner.packs import build_config, ensure_rules_loaded
from cleaner.registry import RULES

ensure_rules_loaded()  # the layout analyzers declare their codes on import
CODES = sorted(RULES)


def _report_only(code: str) -> bool:
    """A flag rule whose documented example leaves the text as it is: it only reports."""
    r = RULES[code]
    return r.safety == "flag" and bool(r.example) and r.example[0] == r.example[1]


@pytest.fixture(scope="module")
def config():
    return build_config()


@pytest.mark.parametrize("code", CODES)
def test_docstring_says_what_why_example_safety(code):
    r = RULES[code]
    lines = [ln for ln in r.doc.splitlines() if ln.strip()]
    assert lines, f"{code}: no docstring"
    assert len(lines[0]) <= 120, f"{code}: the first line (what it does) should be one short line"
    assert len(lines) >= 3, f"{code}: say why the rule exists, with an example and its safety"
    assert "Example" in r.doc or "->" in r.doc, f"{code}: the docstring shows no example"
    assert "Safety" in r.doc or "safe" in r.doc.lower(), f"{code}: the docstring does not state its safety"


@pytest.mark.parametrize("code", CODES)
def test_rule_has_an_example(code):
    r = RULES[code]
    ex = r.example
    assert ex and len(ex) == 2, f"{code}: give example=(before, after)"
    assert ex[1].endswith("\n"), f"{code}: the example's output is a whole canonical text"
    if _report_only(code):
        assert "no text change" in r.doc.lower(), \
            f"{code}: an example that changes nothing must say so in the docstring ('no text change')"
    else:
        assert ex[0] != ex[1], f"{code}: the example shows no change (only a flag rule may only report)"


@pytest.mark.parametrize("code", CODES)
def test_documented_example_transforms_as_shown(code, config):
    before, after = RULES[code].example
    assert clean_book(before, config).text == after


@pytest.mark.parametrize("code", CODES)
def test_example_shows_the_rule_itself_at_work(code, config):
    """The example is carried out (or, for a report-only rule, reported) by the rule itself."""
    before, _ = RULES[code].example
    result = clean_book(before, config)
    if _report_only(code):
        flagged = {f.get("rule") for f in result.stats.get("flags", [])}
        assert code in flagged, f"{code}: the example raises no {code} flag"
        return
    rules = {c.rule for c in result.changes}
    assert code in rules, f"{code}: the example is carried out by {sorted(rules)}, not by {code}"


@pytest.mark.parametrize("code", [c for c in CODES if c[:2] in ("MT", "PB", "EN", "TR")])
def test_wording_rules_are_complete(code, config):
    """The wording packs' own rules: no pending exceptions."""
    r = RULES[code]
    assert r.example and "Example" in r.doc and "Safety" in r.doc
    assert clean_book(r.example[0], config).text == r.example[1]
    assert config.pack_of.get(code), f"{code} is enabled by no default pack"


def test_clean_rules_lists_every_rule_with_pack_safety_and_summary(config):
    from click.testing import CliRunner
    from cleaner.cli import main

    res = CliRunner().invoke(main, ["rules"])
    assert res.exit_code == 0, res.output
    lines = {ln.split()[0]: ln for ln in res.output.splitlines() if ln.strip()}
    assert sorted(lines) == CODES
    for code in CODES:
        r, ln = RULES[code], lines[code]
        assert ln.split()[1] == r.name and r.safety in ln.split() and ln.rstrip().endswith(r.summary)
        assert config.pack_of.get(code) in ln.split(), f"{code}: no pack shown"


@pytest.mark.parametrize("code", CODES)
def test_clean_rules_code_prints_doc_and_example(code):
    from click.testing import CliRunner
    from cleaner.cli import main

    res = CliRunner().invoke(main, ["rules", code])
    r = RULES[code]
    assert res.exit_code == 0 and r.summary in res.output
    assert f"before: {r.example[0]!r}" in res.output and f"after:  {r.example[1]!r}" in res.output
