"""The engine's promises: replay, idempotence, determinism, provenance."""
from __future__ import annotations

import json

import pytest

from cleaner import clean_book
from cleaner.engine import Change, Document, Edit, EditConflict, apply_edits, replay


def test_apply_edits_in_source_order_with_insertions():
    assert apply_edits("abcdef", [Edit(4, 6, "X", "T"), Edit(0, 0, "<", "T"), Edit(0, 1, "A", "T")]) == "<AbcdX"


def test_overlapping_edits_are_refused():
    with pytest.raises(EditConflict):
        apply_edits("abcdef", [Edit(0, 3, "", "T"), Edit(2, 4, "", "T")])


def test_changes_know_their_source_lines_through_passes():
    doc = Document("one\ntwo\nthree\n")
    doc.apply([Edit(0, 4, "", "T")])            # drop line 1
    doc.apply([Edit(doc.text.index("three"), doc.text.index("three") + 5, "3", "T")])
    assert [c.src_lines for c in doc.changes] == [(1, 1), (3, 3)]
    assert doc.text == "two\n3\n"


def test_moved_text_keeps_its_provenance():
    doc = Document("a\nNOTE\nb\n")
    s = doc.text.index("NOTE")
    doc.apply([Edit(s, s + 5, "", "T"), Edit(len(doc.text), len(doc.text), "NOTE\n", "T", moved_from=s)])
    assert doc.text == "a\nb\nNOTE\n"
    assert doc.source_line(doc.text.index("NOTE")) == 2


def test_rejected_change_is_not_applied():
    first = Document("x y\n")
    first.apply([Edit(1, 2, "_", "T")])
    rejected = Document("x y\n", rejected=frozenset({first.changes[0].id}))
    rejected.apply([Edit(1, 2, "_", "T")])
    assert rejected.text == "x y\n" and rejected.rejected_seen == [first.changes[0].id]


def test_replay_reproduces_every_seed(cleaned_seeds):
    for stem, (source, result) in cleaned_seeds.items():
        logged = [Change.from_json(json.loads(json.dumps(c.to_json()))) for c in result.changes]
        assert replay(source, logged) == result.text, stem


def test_cleaning_is_idempotent_on_every_seed(cleaned_seeds):
    for stem, (_, result) in cleaned_seeds.items():
        again = clean_book(result.text)
        assert again.text == result.text, stem
        assert again.changes == [], f"{stem}: {[ (c.rule, c.before, c.after) for c in again.changes[:5]]}"


def test_output_is_deterministic(cleaned_seeds):
    stem, (source, result) = next(iter(cleaned_seeds.items()))
    again = clean_book(source)
    assert again.text == result.text
    assert [c.id for c in again.changes] == [c.id for c in result.changes]


def test_canonical_text_properties(cleaned_seeds):
    import unicodedata
    for stem, (_, result) in cleaned_seeds.items():
        text = result.text
        assert text.endswith("\n") and not text.endswith("\n\n"), stem
        assert "\n\n\n" not in text, stem
        assert unicodedata.normalize("NFC", text) == text, stem
        assert not any(line != line.rstrip() for line in text.split("\n")), stem
        assert "\t" not in text and "\ufffd" not in text, stem


def test_every_dropped_source_line_is_in_the_log(cleaned_seeds):
    """Nothing is lost: a source line whose words vanish from the output is covered by a change."""
    for stem, (source, result) in cleaned_seeds.items():
        covered = set()
        for c in result.changes:
            if c.before.strip():
                covered.update(range(c.src_lines[0], c.src_lines[1] + 1))
        out = result.text
        for n, line in enumerate(source.split("\n"), 1):
            words = line.split()
            if words and n not in covered:
                assert all(w in out for w in words), f"{stem}:{n} lost without a change: {line!r}"


def test_identity_map_counts_from_zero():
    from array import array

    from cleaner.engine import MAP_TYPE, _counting, identity_map
    for bits in (0, 1, 2, 7, 16, 18):
        assert _counting(bits) == array(MAP_TYPE, range(1 << bits))
    assert list(identity_map(1000)[:1000]) == list(range(1000))


def test_a_grouped_edit_is_one_change_with_provenance_per_part():
    from cleaner.engine import grouped_edit
    source = "one\ntwo\nthree\n"
    doc = Document(source)
    run = [Edit(3, 4, " ", "J"), Edit(7, 8, " ", "J")]
    doc.apply([grouped_edit(source, run)])
    assert doc.text == "one two three\n"
    assert len(doc.changes) == 1 and doc.changes[0].before == "\ntwo\n" and doc.changes[0].after == " two "
    assert [doc.source_line(doc.text.index(w)) for w in ("one", "two", "three")] == [1, 2, 3]
    assert replay(source, doc.changes) == doc.text


def test_line_joins_are_logged_as_the_engine_groups_them():
    # join_lines emits a paragraph's plain joins already grouped; the log must be the one the
    # engine's own grouping gives for the same joins one by one
    from pathlib import Path

    from cleaner.context import Context
    from cleaner.layout import analyze, detect_kind
    from cleaner.layout.plan import drop_and_move, join_lines
    from cleaner.pipeline import GROUPED_RULES, default_config

    text = (Path(__file__).parent.parent / "samples" / "raw" / "river-trade.txt").read_text(encoding="utf-8")
    logs = []
    for split in (False, True):
        doc = Document(text)
        ctx = Context(doc, default_config())
        ctx.input_kind = detect_kind(text)
        ctx.plan = analyze(ctx.input_kind, text, ctx)
        doc.apply(drop_and_move(ctx.plan, doc))
        edits = join_lines(ctx.plan, doc, ctx)
        if not split:
            assert any(len(x.members()) > 1 for x in edits)  # the sample has paragraphs of 3+ lines
        if split:  # the grouped edits taken apart into one edit per line end
            edits = [Edit(s, e, t, x.rule, x.reason, x.safety) for x in edits for s, e, t, _ in x.members()]
        doc.apply(edits, grouped=GROUPED_RULES)
        logs.append([(c.id, c.rule, c.before, c.after, c.src_lines) for c in doc.changes])
        assert replay(text, doc.changes) == doc.text
    assert logs[0] == logs[1] and sum(rule == "LY010" for _, rule, *_ in logs[0]) >= 2
