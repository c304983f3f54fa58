"""The change log as written to NAME.changes.jsonl: replay, stable ids, schema (README, "Review")."""
from __future__ import annotations

import json
import re
from bisect import bisect_right

import pytest

from cleaner import clean_book
from cleaner.engine import Change, replay
from cleaner.outputs import changes_jsonl
from cleaner.packs import build_config

CHANGE_KEYS = {"id", "rule", "safety", "pass", "offset", "before", "after", "src_lines", "out_line",
               "out_offset", "reason", "pack"}
FLAG_KEYS = {"flag", "id", "rule", "src_line", "message", "pack"}


def _log(result, config):
    changes, flags = [], []
    for line in changes_jsonl(result, config).splitlines():
        obj = json.loads(line)
        (flags if obj.get("flag") else changes).append(obj)
    return changes, flags


@pytest.fixture(scope="module")
def config():
    return build_config()


def test_jsonl_replay_reproduces_every_seed(cleaned_seeds, config):
    """Replaying the written log (JSON text, not the objects) on the input gives the output exactly."""
    assert len(cleaned_seeds) == 5
    for stem, (source, result) in cleaned_seeds.items():
        changes, _ = _log(result, config)
        assert len(changes) == len(result.changes)
        assert replay(source, [Change.from_json(c) for c in changes]) == result.text, stem


def test_jsonl_schema(cleaned_seeds, config):
    for stem, (source, result) in cleaned_seeds.items():
        changes, flags = _log(result, config)
        n_src = source.count("\n") + 1
        n_out = result.text.count("\n") + 1
        for c in changes:
            assert set(c) == CHANGE_KEYS, (stem, set(c) ^ CHANGE_KEYS)
            assert c["safety"] in ("safe", "unsafe", "flag")
            a, b = c["src_lines"]
            assert 1 <= a <= b <= n_src, (stem, c)
            assert 1 <= c["out_line"] <= n_out, (stem, c)
            assert 0 <= c["out_offset"] <= len(result.text)
        for f in flags:
            assert FLAG_KEYS <= set(f), (stem, f)


def test_out_offset_points_at_the_change(cleaned_seeds):
    """out_offset lies on out_line; a change of the last pass (nothing reworked it) is found there."""
    for stem, (_, result) in cleaned_seeds.items():
        text = result.text
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        last = max((c.pass_no for c in result.changes), default=0)
        for c in result.changes:
            assert 0 <= c.out_offset <= len(text), (stem, c)
            assert bisect_right(starts, c.out_offset) == c.out_line or c.out_offset == len(text), (stem, c)
            if c.pass_no == last:
                assert text[c.out_offset:c.out_offset + len(c.after)] == c.after, (stem, c)


def test_change_ids_are_unique_and_stable(cleaned_seeds, config):
    """The same input and packs give the same ids (a decisions file stays valid across runs)."""
    for stem, (source, result) in cleaned_seeds.items():
        ids = [c.id for c in result.changes]
        assert len(ids) == len(set(ids)), stem
        again = clean_book(source, build_config())
        assert [c.id for c in again.changes] == ids, stem


def test_ids_do_not_depend_on_other_books_or_order(cleaned_seeds):
    stems = sorted(cleaned_seeds)
    source = cleaned_seeds[stems[-1]][0]
    config = build_config()
    clean_book(cleaned_seeds[stems[0]][0], config)  # another book first, same config object
    assert [c.id for c in clean_book(source, config).changes] == \
        [c.id for c in cleaned_seeds[stems[-1]][1].changes]


def test_rejecting_a_change_keeps_the_other_ids(cleaned_seeds):
    """Rejecting one change leaves the unrelated changes with their ids, and replay still holds."""
    stem = sorted(cleaned_seeds)[1]
    source, result = cleaned_seeds[stem]
    picks = [c for c in result.changes if c.rule not in ("LY010", "LY011")][:2]
    assert len(picks) == 2
    rejected = frozenset(c.id for c in picks)
    again = clean_book(source, build_config(rejected=rejected))
    assert sorted(again.rejected_seen) == sorted(rejected)
    assert {c.id for c in again.rejected_changes} >= rejected  # (+ the other half of a move)
    new_ids = {c.id for c in again.changes}
    assert not rejected & new_ids
    old_ids = {c.id for c in result.changes}
    assert len(new_ids & old_ids) >= 0.95 * len(old_ids)
    assert replay(source, again.changes) == again.text


def test_rejecting_one_half_of_a_move_keeps_the_text(cleaned_seeds):
    """A hand-written rejection of only the insertion (or only the deletion) of a moved note
    leaves the note where it stood: never lost, never doubled."""
    stem, (source, result) = next((s, sr) for s, sr in sorted(cleaned_seeds.items())
                                  if any(c.rule == "FN002" and c.before and not c.after for c in sr[1].changes))
    deletion = next(c for c in result.changes if c.rule == "FN002" and c.before and not c.after)
    insertion = next(c for c in result.changes if c.pass_no == deletion.pass_no and c.rule == "FN002"
                     and c.after == deletion.before and not c.before)
    note = deletion.before.strip().splitlines()[-1].strip()
    for half in (insertion, deletion):
        again = clean_book(source, build_config(rejected=frozenset({half.id})))
        assert again.rejected_seen == [half.id]
        assert {c.id for c in again.rejected_changes} == {insertion.id, deletion.id}
        assert again.text.count(note) == result.text.count(note), half
        assert replay(source, again.changes) == again.text
