"""The edit engine: passes of non-overlapping edits, provenance and replay.

A *pass* turns the current text into the next one by applying a list of
non-overlapping edits (start, end, replacement) given in the coordinates of
the pass input.  Every edit becomes a `Change` in the change log, so the log
alone replays the source into the output (`replay`).  The engine keeps, for
every character of the current text, the source offset it came from
(`src_of`), which gives each change its source line range.
"""
from __future__ import annotations

import hashlib
import sys
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

SAFE, UNSAFE, FLAG = "safe", "unsafe", "flag"
_sha1 = hashlib.sha1


@dataclass(slots=True)  # not frozen: a frozen __init__ costs 3x, and rules make ~20k edits a book
class Edit:
    """Replace text[start:end] by `text`.  `rule` is the rule code.

    `moved_from`: for an insertion that moves text within the document, the
    offset (in the pass input) of the moved text, so provenance follows it.
    `safety` overrides the rule's default (e.g. a rule that is safe in
    general but unsure in one case emits FLAG).
    `parts`: for one logged change made of several small edits (a paragraph's
    line joins, see `grouped_edit`), those edits as (start, end, text,
    moved_from); provenance is kept per part.
    """

    start: int
    end: int
    text: str
    rule: str
    reason: str = ""
    safety: str | None = None
    moved_from: int | None = None
    parts: tuple | None = None

    def members(self) -> tuple:
        """The (start, end, text, moved_from) edits this edit is made of."""
        return self.parts or ((self.start, self.end, self.text, self.moved_from),)


def grouped_edit(text: str, run: list[Edit]) -> Edit:
    """One edit for a run of non-overlapping edits of one rule, in order (see `edit_of_parts`)."""
    first = run[0]
    return edit_of_parts(text, [m for e in run for m in e.members()], first.rule, first.reason, first.safety)


def edit_of_parts(text: str, parts: list[tuple], rule: str, reason: str = "", safety: str | None = None) -> Edit:
    """One edit made of small ones, (start, end, text, moved_from) in order: its text is theirs with
    the text between them unchanged; it is logged as one change, provenance follows each part."""
    pieces, prev_end = [], None
    for start, end, new, _ in parts:
        if prev_end is not None:
            pieces.append(text[prev_end:start])
        pieces.append(new)
        prev_end = end
    return Edit(parts[0][0], prev_end, "".join(pieces), rule, reason, safety, parts=tuple(parts))


@dataclass(slots=True)
class Change:
    id: str
    rule: str
    safety: str
    pass_no: int
    offset: int
    before: str
    after: str
    src_lines: tuple[int, int]
    reason: str = ""
    out_line: int = 0
    out_offset: int = -1  # offset in the output text where `after` lands (set by finish())

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "rule": self.rule,
            "safety": self.safety,
            "pass": self.pass_no,
            "offset": self.offset,
            "before": self.before,
            "after": self.after,
            "src_lines": list(self.src_lines),
            "out_line": self.out_line,
            "out_offset": self.out_offset,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, obj: dict) -> "Change":
        return cls(obj["id"], obj["rule"], obj["safety"], obj["pass"], obj["offset"],
                   obj["before"], obj["after"], tuple(obj["src_lines"]),
                   obj.get("reason", ""), obj.get("out_line", 0), obj.get("out_offset", -1))


class EditConflict(ValueError):
    """Two edits of one pass overlap, or an edit's span is out of range."""


def _in_order(edits: list[Edit], length: int) -> bool:
    """Are the edits already ordered and non-overlapping?  Then sorting would keep them as
    they are: start >= the previous end, so at one offset an insertion comes first."""
    last_end = 0
    for e in edits:
        start, end = e.start, e.end
        if start < last_end or end < start or end > length:
            return False
        last_end = end
    return True


def _ordered(edits: list[Edit], length: int) -> list[Edit]:
    if _in_order(edits, length):  # the common case (layout passes, most rules): no sort
        return list(edits)
    # Stable sort: insertions at one offset keep the order they were given in.
    ordered = sorted(edits, key=lambda e: (e.start, e.end > e.start))
    last_end = 0
    for e in ordered:
        if e.start < last_end or e.end < e.start or e.end > length:
            raise EditConflict(f"edit {e.rule} [{e.start},{e.end}) overlaps or is out of range")
        last_end = e.end
    return ordered


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits given in the coordinates of `text`."""
    out, pos = [], 0
    for e in _ordered(edits, len(text)):
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


MAP_TYPE = "i"  # 4-byte offsets: books up to 2 GB, half the copying of "l"
_IDENTITY = array(MAP_TYPE)


def identity_map(n: int) -> array:
    """An array whose first n entries are 0, 1, ..., n-1: one identity shared by every
    document of the process (never written to: each pass builds a new map), grown to
    a power of two, because building it is the slow part."""
    global _IDENTITY
    if len(_IDENTITY) < n:
        _IDENTITY = _counting(max(n - 1, 1).bit_length())
    return _IDENTITY


def _counting(bits: int) -> array:
    """array(MAP_TYPE, range(2 ** bits)), built by doubling in C: the entries 2^m .. 2^(m+1)-1
    are the first 2^m with bit m set, one big-integer OR over their bytes (4x faster than
    converting a range's integers one by one)."""
    size, order = array(MAP_TYPE).itemsize, sys.byteorder
    raw = bytes(size)  # the entry 0
    for m in range(bits):
        bit = int.from_bytes((1 << m).to_bytes(size, order) * (1 << m), order)
        raw += (int.from_bytes(raw, order) | bit).to_bytes(len(raw), order)
    table = array(MAP_TYPE)
    table.frombytes(raw)
    return table


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` starts."""
    starts, find = [0], text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


class Document:
    """The source, the current text, its provenance and the change log."""

    def __init__(self, source: str, rejected: frozenset[str] = frozenset()):
        self.source = source
        self.text = source
        # src_of[i] = source offset of text[i]; one extra entry for the end.
        self.src_of = identity_map(len(source) + 1)
        self.line_starts = line_starts(source)
        self.changes: list[Change] = []
        self.rejected = rejected
        self.rejected_seen: list[str] = []
        self.rejected_changes: list[Change] = []  # what the rejected ids would have done (report)
        self.pass_no = 0
        self._ids: set[str] = set()
        self._pass_edits: list[list[tuple[int, int, int]]] = []

    # -- provenance -------------------------------------------------------
    def source_line(self, text_offset: int) -> int:
        """1-based source line of a position in the current text."""
        return bisect_right(self.line_starts, self.src_of[text_offset])

    def _change_id(self, rule: str, lines: tuple[int, int], before: str, after: str,
                   taken: set[str] | None = None) -> str:
        taken = self._ids if taken is None else taken
        digest = _sha1(f"{rule}\x00{lines[0]}\x00{before}\x00{after}".encode()).digest()[:5].hex()
        cid, n = digest, 1
        while cid in taken:
            n += 1
            cid = f"{digest}-{n}"
        taken.add(cid)
        return cid

    def _move_partners_of_rejected(self, text: str, ordered: list[Edit]) -> set[int]:
        """Indexes of edits to leave out with a rejected one: the two halves of a move (a deletion
        at `moved_from` and the insertion of that text elsewhere) are made or rejected together,
        or a hand-written rejection of one half would lose or double the text."""
        taken, rejected = set(self._ids), set()
        for k, e in enumerate(ordered):  # the ids apply() will give, on a copy of the id set
            cid = self._change_id(e.rule, (self.source_line(e.start), self.source_line(max(e.start, e.end - 1))),
                                  text[e.start:e.end], e.text, taken)
            if cid in self.rejected:
                rejected.add(k)
                taken.discard(cid)
        deletions = {e.start: k for k, e in enumerate(ordered) if not e.text and e.end > e.start}
        partners = set()
        for k, e in enumerate(ordered):
            d = deletions.get(e.moved_from) if e.moved_from is not None else None
            if d is not None and (k in rejected) != (d in rejected):
                partners.add(d if k in rejected else k)
        return partners

    # -- applying a pass --------------------------------------------------
    @staticmethod
    def _units(text: str, ordered: list[Edit], grouped: frozenset) -> list[Edit]:
        """Group runs of trivial edits (rules in `grouped`, e.g. line joins) that sit on one line
        of the pass input into one logged change (`grouped_edit`); every other edit is its own
        change."""
        if not grouped:
            return ordered
        units: list[Edit] = []
        add, find = units.append, text.find
        run: list[Edit] = []
        last = None
        for e in ordered:
            if last is not None:
                rule = e.rule
                if rule == last.rule and rule in grouped and find("\n", last.end, e.start) < 0:
                    run.append(e)
                    last = e
                    continue
                add(grouped_edit(text, run) if len(run) > 1 else last)
            run = [e]
            last = e
        if run:
            add(grouped_edit(text, run) if len(run) > 1 else last)
        return units

    def apply(self, edits: list[Edit], safety_of: dict[str, str] | None = None,
              grouped: frozenset = frozenset()) -> int:
        """Apply one pass of edits; record each as a change.  Returns the count applied.

        Runs of edits by a rule in `grouped` within one block are logged as one
        change (the text between them unchanged), so a paragraph's line joins
        are one reviewable change; provenance stays per character.
        """
        text = self.text
        edits = [e for e in edits if e.text != text[e.start:e.end]]
        if not edits:
            return 0
        src_of = self.src_of
        ordered = _ordered(edits, len(text))
        units = self._units(text, ordered, grouped)
        safety_of = safety_of or {}
        out, pos, out_len = [], 0, 0
        # the new provenance map is written in place through memoryviews (one copy per piece,
        # no temporary slices); it is sized for the case where every edit is made, and cut
        # to the text's length at the end
        grow = sum(sum(len(t) for _, _, t, _ in e.parts) if e.parts else max(0, len(e.text) - (e.end - e.start))
                   for e in ordered)
        new_map = array(MAP_TYPE, (0,)) * (len(text) + 1 + grow)
        dst, src = memoryview(new_map), memoryview(src_of)
        spans: list[tuple[int, int, int]] = []
        applied = 0
        self.pass_no += 1
        partners = (self._move_partners_of_rejected(text, units)
                    if self.rejected and any(e.moved_from is not None for e in ordered) else ())
        line_starts_, bisect = self.line_starts, bisect_right
        rejected, changes, sha1 = self.rejected, self.changes, _sha1
        ids = self._ids
        ids_add = ids.add
        out_append, span_append = out.append, spans.append
        pass_no = self.pass_no
        for k, unit in enumerate(units):
            us, ue, rule = unit.start, unit.end, unit.rule
            before = text[us:ue]
            a = bisect(line_starts_, src_of[us])
            b = bisect(line_starts_, src_of[ue - 1]) if ue > us + 1 else a
            cid = digest = sha1(f"{rule}\x00{a}\x00{before}\x00{unit.text}".encode()).digest()[:5].hex()
            if cid in ids:  # as _change_id
                n = 2
                cid = f"{digest}-{n}"
                while cid in ids:
                    n += 1
                    cid = f"{digest}-{n}"
            ids_add(cid)
            safety = unit.safety or safety_of.get(rule, SAFE)
            if rejected and (cid in rejected or k in partners):
                if cid in rejected:
                    self.rejected_seen.append(cid)
                self.rejected_changes.append(Change(cid, rule, safety, pass_no, us,
                                                    before, unit.text, (a, b), unit.reason))
                self._ids.discard(cid)
                continue
            out_pos = out_len + us - pos
            for s, e, t, moved_from in (unit.parts or ((us, ue, unit.text, unit.moved_from),)):
                if s > pos:
                    out_append(text[pos:s])
                    o = out_len + s - pos
                    dst[out_len:o] = src[pos:s]
                    out_len = o
                out_append(t)
                n = len(t)
                if moved_from is not None:
                    if text[moved_from:moved_from + n] != t:
                        dst.release()
                        src.release()
                        raise EditConflict(f"{rule}: moved text does not match its origin")
                    dst[out_len:out_len + n] = src[moved_from:moved_from + n]
                elif n == 1:
                    dst[out_len] = src_of[s]
                elif n:
                    dst[out_len:out_len + n] = array(MAP_TYPE, (src_of[s],)) * n
                out_len += n
                pos = e
                span_append((s, e, n))
            changes.append(Change(cid, rule, safety, pass_no, us, before, unit.text, (a, b), unit.reason,
                                  out_pos))
            applied += 1
        out.append(text[pos:])
        end = out_len + len(text) + 1 - pos  # (the identity map may be longer than the text)
        dst[out_len:end] = src[pos:len(text) + 1]
        dst.release()
        src.release()
        del new_map[end:]
        if not applied:
            self.pass_no -= 1
            return 0
        self.text = "".join(out)
        self.src_of = new_map
        self._pass_edits.append(spans)
        return applied

    def finish(self) -> None:
        """Map every change's output position through the later passes to an output line.

        All positions are carried together, kept sorted (every pass maps positions
        monotonically): per pass, each run of positions between two edits is shifted
        by one list comprehension instead of a bisect per change and pass.
        """
        if not self.changes:
            return
        by_pass: dict[int, list[Change]] = {}
        for ch in self.changes:
            by_pass.setdefault(ch.pass_no, []).append(ch)
        pos: list[int] = []       # current offsets, sorted
        owners: list[Change] = []  # the change of each offset
        for q, spans in enumerate(self._pass_edits, 1):
            if pos and len(spans) > 2 * len(pos):  # few positions, many edits (the line joins)
                pos = _map_through(pos, spans)
            elif pos:
                done, delta = 0, 0
                for s, e, n in spans:
                    upto = bisect_right(pos, s, done)
                    if delta and upto > done:
                        pos[done:upto] = [p + delta for p in pos[done:upto]]
                    inside = bisect_left(pos, e, upto)
                    if inside > upto:  # strictly inside a later edit: land at its start
                        pos[upto:inside] = [s + delta] * (inside - upto)
                    done = inside
                    delta += n - (e - s)
                if delta and done < len(pos):
                    pos[done:] = [p + delta for p in pos[done:]]
            for ch in by_pass.get(q, ()):
                k = bisect_right(pos, ch.out_line)  # out_line holds the offset in its pass output
                pos.insert(k, ch.out_line)
                owners.insert(k, ch)
        out_starts = line_starts(self.text)
        end = len(self.text)
        for p, ch in zip(pos, owners):
            ch.out_offset = min(p, end)
            ch.out_line = bisect_right(out_starts, ch.out_offset)


def _map_through(pos: list[int], spans: list[tuple[int, int, int]]) -> list[int]:
    """Map sorted positions through one pass's edits (start, end, new length), as finish()'s
    walk over the edits does: a position at or before an edit's start moves by the edits
    before it, one strictly inside an edit lands at the edit's (moved) start."""
    starts = [s for s, _, _ in spans]
    ends = [e for _, e, _ in spans]
    shift = list(accumulate([n - (e - s) for s, e, n in spans], initial=0))  # before edit k
    out = []
    add = out.append
    for p in pos:
        k = bisect_left(starts, p)  # the first edit starting at or after p
        if k and p < ends[k - 1]:    # p is after the start of edit k-1: inside it?
            add(starts[k - 1] + shift[k - 1])
        else:
            add(p + shift[k])
    return out


def replay(source: str, changes: list[Change]) -> str:
    """Rebuild the output from the source and the change log alone."""
    by_pass: dict[int, list[Change]] = {}
    for c in changes:
        by_pass.setdefault(c.pass_no, []).append(c)
    text = source
    for p in sorted(by_pass):
        for c in by_pass[p]:
            if text[c.offset:c.offset + len(c.before)] != c.before:
                raise ValueError(f"change {c.id} ({c.rule}) does not match the text of pass {p}")
        text = apply_edits(text, [Edit(c.offset, c.offset + len(c.before), c.after, c.rule)
                                  for c in by_pass[p]])
    return text
