"""Every rule is documented (what, why, example, safety) and its example really does what it shows.

The example pair `(before, after)` given to `@rule(..., example=...)` or
`declare(..., example=...)` is run through `clean_book` with the default
packs: `clean rules CODE` prints it, so it must be true.
"""
from __future__ import annotations

import pytest

from cleaner import clean_book
from cleaner.packs import build_config, ensure_rules_loaded
from cleaner.registry import RULES

# Rules still without an `example` pair (owned by other areas).  Remove a code
# from this list when its rule gets one; the test then holds it to it.
PENDING_EXAMPLE = {"DW003", "FN001", "FN002", "FN029", "LY002", "LY003", "LY004", "LY011", "LY012",
                   "LY020", "MD007", "OC010"}
# Rules whose example does not come out as shown yet (owned by other areas).
PENDING_BROKEN = {"DW005"}
# Rules whose example is carried out by another rule that runs first (owned by other areas).
PENDING_OVERLAP = {"UR012"}
# Rules whose docstring does not show its example in the text yet (owned by other areas).
PENDING_DOC = {"FN002", "FN029", "LY011", "MD003", "MD006", "MD008"}

ensure_rules_loaded()  # the layout analyzers declare their codes on import
CODES = sorted(RULES)


@pytest.fixture(scope="module")
def config():
    return build_config()


def _mark(code, pending, why):
    return pytest.param(code, marks=pytest.mark.xfail(reason=why, strict=False)) if code in pending else code


@pytest.mark.parametrize("code", [_mark(c, PENDING_DOC, "docstring lacks an example") for c in CODES])
def test_docstring_says_what_why_example_safety(code):
    r = RULES[code]
    lines = [ln for ln in r.doc.splitlines() if ln.strip()]
    assert lines, f"{code}: no docstring"
    assert len(lines[0]) <= 120, f"{code}: the first line (what it does) should be one short line"
    assert len(lines) >= 3, f"{code}: say why the rule exists, with an example and its safety"
    assert "Example" in r.doc or "->" in r.doc, f"{code}: the docstring shows no example"
    assert "Safety" in r.doc or "safe" in r.doc.lower(), f"{code}: the docstring does not state its safety"


@pytest.mark.parametrize("code", [_mark(c, PENDING_EXAMPLE, "no example pair yet") for c in CODES])
def test_rule_has_an_example(code):
    ex = RULES[code].example
    assert ex and len(ex) == 2 and ex[0] != ex[1], f"{code}: give example=(before, after)"
    assert ex[1].endswith("\n"), f"{code}: the example's output is a whole canonical text"


@pytest.mark.parametrize("code", [_mark(c, PENDING_BROKEN, "example not reproduced yet")
                                  for c in CODES if RULES[c].example])
def test_documented_example_transforms_as_shown(code, config):
    before, after = RULES[code].example
    assert clean_book(before, config).text == after


@pytest.mark.parametrize("code", [_mark(c, PENDING_OVERLAP | PENDING_BROKEN, "another rule makes this change")
                                  for c in CODES if RULES[c].example and RULES[c].func is not None])
def test_example_shows_the_rule_itself_at_work(code, config):
    before, _ = RULES[code].example
    rules = {c.rule for c in clean_book(before, config).changes}
    assert code in rules, f"{code}: the example is carried out by {sorted(rules)}, not by {code}"


@pytest.mark.parametrize("code", [c for c in CODES if c[:2] in ("MT", "PB", "EN", "TR")])
def test_wording_rules_are_complete(code, config):
    """The wording packs' own rules: no pending exceptions."""
    r = RULES[code]
    assert r.example and "Example" in r.doc and "Safety" in r.doc
    assert clean_book(r.example[0], config).text == r.example[1]
    assert config.pack_of.get(code), f"{code} is enabled by no default pack"
