"""The HTML review report (one self-contained file per book) and the run index.

The report is one HTML file with its data embedded -- the source and the output
text in two hidden textareas, everything else as JSON (report_data) -- and a
small script that renders it: no network, no CDN.  Changes are grouped by the
output block they land in; each group shows the source lines (with their
numbers) beside the output block, the changes marked inline.  Line joins
(LY010/LY011) are hidden by default so the page stays light; the script renders
the groups as they scroll into view, and rebuilds a change's texts when it
first shows them (long texts are sent once, as slices of the source/output).

A reviewer rejects changes, accepts flagged ones, or turns a rule off for the
book, and exports the decisions as a small JSON file (README, "Review") that
`clean IN -o OUT --decisions FILE` applies on the next run.
"""
from __future__ import annotations

import html
import json
import re
import sys
from array import array
from base64 import b64encode
from itertools import accumulate, compress, count, islice, repeat
from operator import add, eq, lt, not_

from .registry import RULES
from .review import TRIVIAL_RULES, flag_id

SAFETIES = ("safe", "unsafe", "flag")
DASH = "\u2013"
MAX_BEFORE = 4000  # longer deleted text is cut in the report (the source panel shows it whole)
MIN_SLICE = 16  # a longer before/after text is sent as a slice of the source or output when it is one


def _cut(s: str) -> str:
    return s if len(s) <= MAX_BEFORE else s[:MAX_BEFORE] + f"\u2026 [{len(s) - MAX_BEFORE} more chars]"


def _joined(s: str) -> str:
    """`s` with each whitespace run that holds a line end replaced by one space: a line join's
    `after` (JOINED; the script: s.replace(new RegExp(`[${WS}]*\\n[${WS}]*`, "g"), " "), WS = _JS_WS)."""
    pieces = s.split("\n")
    if len(pieces) < 3:
        return s if len(pieces) == 1 else pieces[0].rstrip() + " " + pieces[1].lstrip()
    return " ".join([pieces[0].rstrip(), *filter(None, map(str.strip, islice(pieces, 1, len(pieces) - 1))),
                     pieces[-1].lstrip()])


def _joined_each(texts: list[str]) -> list[str]:
    """[_joined(t) for t in texts], in one pass over them all: a NUL between two texts keeps
    their whitespace runs apart (it is no whitespace)."""
    if not texts:
        return []
    parts = _joined("\0".join(texts)).split("\0")
    return parts if len(parts) == len(texts) else list(map(_joined, texts))


def _starts(lines: list[str]) -> list[int]:
    """Offset of each line in "\\n".join(lines), then one past the end."""
    return list(map(add, accumulate(map(len, lines), initial=0), count()))


# where a change's before/after text is found when it is not sent whole (see report_data)
SOURCE, OUTPUT, JOINED = 1, 2, 3


def report_data(name: str, source: str, result, config) -> dict:
    """The data the report's script renders.

    "src" and "out" are the source and the output text; "ch" holds the changes as one list per
    field, in the order of the change log (the script sorts them by where they land):
      id, why (reason), rule (index in "rules"), saf (index in "safeties"), pass,
      off: where the change lands in the output (code points; the script finds line and column),
      sa, sb: its source lines (a move's inserted half: the lines the text came from),
      triv: 1 when only whitespace differs (LY010/LY011 line joins: hidden by default),
      bt, at: its `before` (cut at MAX_BEFORE chars) and `after` texts, "" where these say:
      bs: j, offset, length, ...: change j's before is that slice of "src" (the script cuts it
          as Python would),
      as: j, where, offset, length, ...: change j's after is that slice of "src" (where SOURCE)
          or "out" (OUTPUT), or (JOINED) its before with each whitespace run holding a line end
          made one space (a line join; its before is then not cut).
    Long texts are sent once: the paragraph joins' texts and moved notes would otherwise repeat
    the book two or three times.  Rebuilt, every text is as the change log has it.
    (_json_for_script packs the columns; the script unpacks them.)"""
    pack_of = getattr(config, "pack_of", {}) or {}
    rules: list[list] = []
    rule_ix: dict[str, int] = {}

    def ri(code: str) -> int:
        k = rule_ix.get(code)
        if k is None:
            r = RULES.get(code)
            k = rule_ix[code] = len(rules)
            rules.append([code, r.name if r else "", pack_of.get(code, "") or "(none)",
                          r.safety if r else "", r.summary if r else "",
                          1 if r is not None else 0])
        return k

    saf_ix = {s: i for i, s in enumerate(SAFETIES)}
    out = result.text
    all_changes = list(result.changes)
    n = len(all_changes)
    rejected_changes = list(getattr(result, "rejected_changes", []) or [])
    ids = [c.id for c in all_changes]  # (one comprehension per field: the fastest way)
    codes = [c.rule for c in all_changes]
    safeties = [c.safety for c in all_changes]
    passes = [c.pass_no for c in all_changes]
    befores = [c.before for c in all_changes]
    afters = [c.after for c in all_changes]
    src_lines = [c.src_lines for c in all_changes]
    reasons = [c.reason for c in all_changes]
    offs = [c.out_offset for c in all_changes]
    out_offs = offs
    if n and min(offs) < 0:  # (an old log without output offsets: the start of its output line)
        starts = _starts(out.split("\n"))
        n_lines = len(starts) - 1
        offs = [o if o >= 0 else starts[max(0, min(c.out_line, n_lines) - 1)] for o, c in zip(offs, all_changes)]
    for code in dict.fromkeys(codes):
        ri(code)
    rule_col = [rule_ix[c] for c in codes]
    saf_col = [saf_ix.get(s, 0) for s in safeties]
    sa_col = [a for a, _ in src_lines]
    sb_col = [b for _, b in src_lines]
    nbs = list(map(len, befores))
    pairs, came_from = _move_pairs(ids, passes, codes, befores, afters, rejected_changes)
    for k, other in came_from:  # the inserted half of a move shows the source lines the text came from
        sa_col[k], sb_col[k] = src_lines[other]
    # line joins: only whitespace differs -- most are JOINED (their after: see the docstring)
    triv = [0] * n
    bt, at = befores[:], afters[:]
    bs: list[int] = []  # j, offset, length: the before of change j is that slice of the source
    as_: list[int] = []  # j, where (SOURCE, OUTPUT or JOINED), offset, length
    add_bs, add_as = bs.extend, as_.extend
    tk = list(compress(range(n), map(TRIVIAL_RULES.__contains__, codes)))
    joined = _joined_each(list(map(befores.__getitem__, tk)))
    for k, same in zip(tk, map(eq, joined, map(afters.__getitem__, tk))):
        if same:
            triv[k] = 1
            if nbs[k] <= MAX_BEFORE:
                add_as((k, JOINED, 0, 0))
                at[k] = ""
        elif befores[k].split() == afters[k].split():  # (other whitespace changes)
            triv[k] = 1
    # longer texts found in the change's source lines, or where it lands in the output
    src_acc: list[int] = []  # line k of the source starts at src_acc[k] + k
    n_src = src_end = 0
    find, out_at = source.find, out.startswith
    for k in compress(range(n), map(lt, repeat(MIN_SLICE), map(max, nbs, map(len, at)))):
        before, after, nb, na = befores[k], afters[k], nbs[k], len(at[k])
        if not src_acc:
            src_acc = list(accumulate(map(len, source.split("\n")), initial=0))
            n_src, src_end = len(src_acc) - 1, len(source)
        sa, sb = sa_col[k], sb_col[k]
        lo = src_acc[sa - 1] + sa - 1 if 0 < sa <= n_src else 0
        hi = src_acc[sb] + sb if 0 < sb < n_src else src_end
        if nb > MIN_SLICE:
            s = find(before, lo, hi)
            if s >= 0:
                add_bs((k, s, nb))
                bt[k] = ""
            elif nb > MAX_BEFORE:
                bt[k] = _cut(before)
        if na > MIN_SLICE:
            o = out_offs[k]
            if o >= 0 and out_at(after, o):
                add_as((k, OUTPUT, o, na))
                at[k] = ""
            else:
                s = find(after, lo, hi)
                if s >= 0:
                    add_as((k, SOURCE, s, na))
                    at[k] = ""
    changes = {"id": ids, "why": reasons, "rule": rule_col, "saf": saf_col, "pass": passes, "off": offs,
               "sa": sa_col, "sb": sb_col, "triv": triv,
               "bt": bt, "at": at, "bs": bs, "as": as_}
    flags = []
    for f in result.stats.get("flags", []) or []:
        flags.append([f.get("id") or flag_id(f), ri(f.get("rule", "?")), int(f.get("src_line", 0) or 0),
                      str(f.get("message", ""))])
    rejected = []
    for c in rejected_changes:
        rejected.append([c.id, ri(c.rule), saf_ix.get(c.safety, 0), c.src_lines[0], c.src_lines[1],
                         _cut(c.before), c.after, c.reason])
    rejected_ids = frozenset(getattr(config, "rejected", frozenset()) or ())
    seen = set(getattr(result, "rejected_seen", []) or [])
    disabled = list(getattr(config, "disabled", ()) or ())
    for code in disabled:
        if code in RULES:
            ri(code)
    stats = {k: v for k, v in result.stats.items() if k != "flags" and isinstance(v, (int, float, str))}
    return {
        "name": name,
        "kind": result.input_kind,
        "stats": stats,
        "rules": rules,
        "safeties": list(SAFETIES),
        "ch": changes,
        "flags": flags,
        "rej": rejected,
        "pairs": pairs,
        "stale": sorted(rejected_ids - seen),
        "dec": {"reject": sorted(rejected_ids | {pairs[i] for i in rejected_ids if i in pairs}), "accept": sorted(getattr(config, "accepted", ()) or ()),
                "disable": disabled},
        "src": source,
        "out": out,
    }


def _move_pairs(ids, passes, rules, befores, afters, rejected) -> tuple[dict, list]:
    """id -> id of the other half of a move (a deletion and an insertion of the same text by one
    rule in one pass): the report rejects both halves together, or the text would be lost or doubled.
    The changes come as columns, then the rejected changes; also [(k, j)]: change k (an inserted
    half) is the move of change j's text."""
    n = len(ids)
    dels: dict = {}
    for k in compress(range(n), map(not_, afters)):
        if befores[k]:
            dels.setdefault((passes[k], rules[k], befores[k]), []).append(k)
    for c in rejected:
        if c.before and not c.after:
            dels.setdefault((c.pass_no, c.rule, c.before), []).append(c.id)
    pairs: dict = {}
    came_from = []
    if not dels:
        return pairs, came_from
    for k in compress(range(n), map(not_, befores)):
        if afters[k]:
            halves = dels.get((passes[k], rules[k], afters[k]))
            if halves:
                j = halves.pop(0)
                if isinstance(j, int):
                    came_from.append((k, j))
                    j = ids[j]
                pairs[ids[k]], pairs[j] = j, ids[k]
    for c in rejected:
        if c.after and not c.before:
            halves = dels.get((c.pass_no, c.rule, c.after))
            if halves:
                j = halves.pop(0)
                j = ids[j] if isinstance(j, int) else j
                pairs[c.id], pairs[j] = j, c.id
    return pairs, came_from


# -- the page: texts in <textarea>s, everything else as JSON ------------------------------

# joins a text column: one JSON string instead of thousands (DEL: rare in books, and JSON and
# HTML leave it as it is)
SEP = "\x7f"
_TEXT_SEP = {"id": ",", "why": SEP, "bt": SEP, "at": SEP}


def _pack(field: str, col: list):
    """A column of "ch" as the script unpacks it: whole numbers as one base64 string of
    little-endian signed ints (first char b/h/i: 1/2/4 bytes each), texts joined by SEP (ids by
    ","); a plain JSON list when that would not be exact."""
    if not col:
        return col
    sep = _TEXT_SEP.get(field)
    if sep is not None:
        return col if sep in "".join(col) else sep.join(col)
    for code in "bhi":  # the smallest that holds them all
        try:
            arr = array(code, col)
            break
        except OverflowError:
            continue
        except TypeError:
            return col
    else:
        return col
    if arr.itemsize != {"b": 1, "h": 2, "i": 4}[code]:
        return col
    if sys.byteorder == "big":
        arr.byteswap()
    return code + b64encode(arr.tobytes()).decode("ascii")


def _json_for_script(obj: dict) -> str:
    # "<" only occurs inside JSON strings, so \u003c keeps the JSON valid and the
    # script element unbreakable ("</script>", "<!--").
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return text.replace("<", "\\u003c") if "<" in text else text


# what a textarea's text must not hold as is: only "</" can end it ("</textarea"), "&" before a
# letter, digit or "#" starts a reference, and the parser turns "\r" into "\n"
_REF_START = re.compile("&[0-9A-Za-z#]")


def _textarea(ident: str, text: str) -> str:
    """A text the browser gives back exactly (its textContent); the parser also drops one line
    end right after the tag.  NUL cannot be sent this way."""
    if "&" in text and _REF_START.search(text):
        text = text.replace("&", "&amp;")
    i = text.find("<")  # (a few "<" in a book; searching "</" itself costs more)
    while i >= 0:
        if text.startswith("/", i + 1):
            text = text.replace("</", "&lt;/")
            break
        i = text.find("<", i + 1)
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return f"<textarea hidden id={ident}>\n{text}</textarea>"


def render_report(name: str, source: str, result, config) -> str:
    data = report_data(name, source, result, config)
    texts = []
    for key in ("src", "out"):
        if "\x00" not in data[key]:  # else it stays in the JSON
            texts.append(_textarea(key, data.pop(key)))
    data["ch"] = {f: _pack(f, col) for f, col in data["ch"].items()}
    head, mid, tail = _PAGE
    return "".join((head.replace("__TITLE__", html.escape(f"{name} \u2014 clean report")), *texts, mid,
                    _json_for_script(data), tail))


# -- the run index ----------------------------------------------------------------------

def _fmt_fn(b: dict) -> str:
    fn = b.get("footnotes") or {}
    if not fn:
        found, lost, unref = (b.get("footnotes_found"), b.get("footnotes_lost"), b.get("footnotes_unreferenced"))
    else:
        found, lost, unref = fn.get("found"), fn.get("lost"), fn.get("unreferenced")
    if found is None and lost is None and unref is None:
        return "<td class=num>\u2013</td>" * 3

    def cell(v, bad=False):
        v = DASH if v is None else v
        cls = "num bad" if bad and isinstance(v, int) and v > 0 else "num"
        return f"<td class='{cls}'>{html.escape(str(v))}</td>"
    return cell(found) + cell(lost, True) + cell(unref, True)


def render_index(summary: dict) -> str:
    books = summary.get("books", [])
    failed = summary.get("failed", [])
    rows = []
    total_changes = sum(b.get("changes", 0) for b in books)
    total_flags = sum(b.get("flags_needing_review", b.get("flags", 0)) for b in books)
    for b in books:
        name = str(b.get("name", ""))
        per_rule = b.get("changes_per_rule", {}) or {}
        top = sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        rules_html = " ".join(f"<span class=rule title='{html.escape(code)}'>{html.escape(code)}"
                              f"&nbsp;<b>{n}</b></span>" for code, n in top)
        review = b.get("flags_needing_review", b.get("flags", 0))
        dec = []
        if b.get("rejected"):
            dec.append(f"{b['rejected']} rejected")
        if b.get("accepted"):
            dec.append(f"{b['accepted']} accepted")
        if b.get("rules_disabled"):
            dec.append("off: " + ", ".join(map(str, b["rules_disabled"])))
        report = b.get("report", f"{name}.report.html")
        link = (f"<a href='{html.escape(report)}'>{html.escape(name)}</a>" if report
                else html.escape(name))
        rows.append(
            "<tr>"
            f"<td class=name>{link}<div class=sub>{html.escape(str(b.get('source', '')))}</div></td>"
            f"<td>{html.escape(str(b.get('input_kind', '')))}</td>"
            f"<td>{html.escape(str(b.get('language', '') or DASH))}</td>"
            f"<td class=num>{b.get('blocks', DASH)}</td>"
            + _fmt_fn(b) +
            f"<td class=num>{b.get('changes', 0)}</td>"
            f"<td class='num{' warn' if review else ''}'>{review}</td>"
            f"<td>{html.escape(', '.join(dec)) or DASH}</td>"
            f"<td class=num>{b.get('seconds', 0):.2f}\u00a0s</td>"
            f"<td class=rules>{rules_html}</td>"
            "</tr>")
    fails = "".join(f"<li><b>{html.escape(str(f.get('name', '')))}</b> ({html.escape(str(f.get('source', '')))}): "
                    f"{html.escape(str(f.get('error', '')))}</li>" for f in failed)
    fail_html = f"<h2 class=bad>Failed ({len(failed)})</h2><ul>{fails}</ul>" if failed else ""
    return _INDEX.replace("__ROWS__", "\n".join(rows)).replace("__FAILED__", fail_html).replace(
        "__HEAD__", f"{len(books)} book{'s' if len(books) != 1 else ''}, {total_changes} changes, "
                    f"{total_flags} flagged for review" + (f", {len(failed)} failed" if failed else ""))


_INDEX = """<!doctype html>
<html lang=en><head><meta charset=utf-8>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<link rel=icon href="data:,">
<meta name=viewport content="width=device-width, initial-scale=1">
<title>clean run</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:20px;margin:0 0 4px} .lead{color:#5a6372;margin:0 0 18px}
table{border-collapse:collapse;background:#fff;box-shadow:0 1px 2px #0002}
th,td{padding:6px 10px;border-bottom:1px solid #e6e8eb;text-align:left;vertical-align:top}
th{background:#f1f3f6;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#4a5262}
td.num{text-align:right;font-variant-numeric:tabular-nums} .sub{color:#8a92a0;font-size:11px}
.bad{color:#b42318} td.bad{color:#b42318;font-weight:600} td.warn{color:#9a6700;font-weight:600}
.rule{display:inline-block;background:#eef2f7;border-radius:3px;padding:0 5px;margin:1px;font:12px ui-monospace,monospace}
td.rules{max-width:420px} a{color:#0b57d0;font-weight:600}
</style></head><body>
<h1>clean run</h1><p class=lead>__HEAD__. Open a book's report to review its changes.</p>
<table><thead><tr><th>book</th><th>input</th><th>lang</th><th>blocks</th><th>notes found</th><th>lost</th>
<th>unref.</th><th>changes</th><th>review</th><th>decisions</th><th>time</th><th>changes per rule</th></tr></thead>
<tbody>
__ROWS__
</tbody></table>
__FAILED__
</body></html>
"""

_TEMPLATE = """<!doctype html>
<html lang=en><head><meta charset=utf-8>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel=icon href="data:,">
<meta name=viewport content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>__CSS__</style>
</head><body>
<div id=app>
<aside id=side>
  <h1 id=bookname></h1>
  <div id=bookstats class=muted></div>
  <input id=q type=search placeholder="Search changes and text  ( / )" autocomplete=off spellcheck=false>
  <label class=opt><input type=checkbox id=triv> show line joins <span class=muted id=trivcount></span></label>
  <label class=opt><input type=checkbox id=onlydec> only changes with a decision</label>
  <h2>Safety</h2><div id=fsaf></div>
  <h2>Packs</h2><div id=fpack></div>
  <h2>Rules <span class=muted>(click a code: only that rule \u00b7 next \u00b7 off for this book)</span></h2>
  <table id=frules></table>
</aside>
<main id=main>
  <div id=bar>
    <span id=status></span>
    <span id=decsum></span>
    <button id=export type=button title="Download the decisions as JSON for clean --decisions">Export decisions</button>
    <a id=dl hidden></a>
  </div>
  <div id=notices></div>
  <details id=review open><summary>Flagged for review <span id=nreview></span></summary><ol id=reviewlist class=plain></ol></details>
  <details id=rejsec><summary>Rejected by your decisions <span id=nrej></span></summary><ol id=rejlist class=plain></ol></details>
  <details id=howto><summary>How to apply decisions</summary><div class=muted>
    Reject a change (or accept a flagged one, or turn a rule off), press <b>Export decisions</b>, then run
    <code>clean IN -o OUT --decisions <span class=dlname></span></code>. Rejected changes are left out of the next
    output; the next report lists them under \u201cRejected by your decisions\u201d. Keys: <b>/</b> search,
    <b>n</b> next change of the same rule, <b>r</b> reject the current change.
    <pre id=decjson></pre></div></details>
  <div id=hunks></div>
  <div id=more></div>
</main>
</div>
__TEXTS__<script type="application/json" id=data>__DATA__</script>
<script>__JS__</script>
</body></html>
"""

# Python's whitespace (str.isspace, also re's \s) as a JS character class body: tests check it
_JS_WS = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

_CSS = r"""
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f6f7f9}
#app{display:grid;grid-template-columns:350px 1fr;height:100vh}
#side{overflow:auto;padding:14px 14px 40px;background:#fff;border-right:1px solid #e2e5ea}
#side h1{font-size:16px;margin:0 0 2px;word-break:break-all}
#side h2{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:#5a6372;margin:16px 0 6px}
.muted{color:#7a8290;font-size:12px;font-weight:normal;text-transform:none;letter-spacing:0}
#q{width:100%;padding:7px 9px;margin:12px 0 6px;border:1px solid #c9ced6;border-radius:6px;font:inherit}
.opt{display:block;margin:3px 0;font-size:13px}
.chk{display:flex;align-items:center;gap:6px;font-size:13px;margin:2px 0}
.chk .n{margin-left:auto;color:#7a8290;font-variant-numeric:tabular-nums}
#frules{border-collapse:collapse;width:100%;font-size:12px;table-layout:fixed}
#frules td:nth-child(1){width:22px} #frules td:nth-child(2){width:58px} #frules td:nth-child(4){width:62px}
#frules td:nth-child(5){width:34px} #frules td:nth-child(6){width:28px} #frules td:nth-child(7){width:24px}
#frules button{padding:0 5px}
#frules td{padding:2px 3px;border-bottom:1px solid #f0f1f3;vertical-align:middle}
#frules td.code{cursor:pointer}
#frules td.n{text-align:right;font-variant-numeric:tabular-nums;color:#4a5262}
#frules tr.off td.code{text-decoration:line-through;color:#b42318}
#frules .nm{color:#5a6372;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#main{overflow:auto;padding:0 18px 60px}
#bar{position:sticky;top:0;z-index:5;background:#f6f7f9ee;backdrop-filter:blur(2px);padding:10px 0;display:flex;gap:14px;align-items:center;border-bottom:1px solid #e2e5ea}
#status{font-weight:600} #decsum{color:#5a6372;margin-left:auto}
button{font:inherit;font-size:12px;padding:2px 8px;border:1px solid #c9ced6;border-radius:5px;background:#fff;cursor:pointer}
button:hover{background:#eef2f7}
#export{background:#0b57d0;color:#fff;border-color:#0b57d0;padding:5px 12px;font-size:13px}
#export.dirty{box-shadow:0 0 0 3px #f5b50066}
details{background:#fff;border:1px solid #e2e5ea;border-radius:8px;margin:10px 0;padding:6px 12px}
details>summary{cursor:pointer;font-weight:600}
ol.plain{list-style:none;padding:0;margin:6px 0;max-height:300px;overflow:auto}
ol.plain .crow{flex-wrap:nowrap;white-space:nowrap}
ol.plain .crow .ba,ol.plain .crow code,ol.plain .crow .why{overflow:hidden;text-overflow:ellipsis;min-width:0;flex:0 1 auto}
ol.plain .crow .cid{margin-left:auto;flex:none}
#notices .note{background:#fff8e1;border:1px solid #f5d27a;border-radius:8px;padding:8px 12px;margin:10px 0;font-size:13px}
.hunk{background:#fff;border:1px solid #e2e5ea;border-radius:8px;margin:12px 0;overflow:hidden}
.hunk>header{display:flex;gap:10px;align-items:center;padding:6px 12px;background:#f9fafb;border-bottom:1px solid #eceef1;font-size:12px;color:#5a6372;flex-wrap:wrap}
.hunk>header b{color:#1d2330}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.src{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#fbfbfc;border-right:1px solid #eceef1;padding:6px 0;overflow-x:auto}
.sl{display:flex;white-space:pre-wrap;word-break:break-word;padding:0 8px}
.sl .ln{flex:0 0 48px;color:#a0a7b3;text-align:right;padding-right:10px;user-select:none}
.sl.drop{background:#fdecec;text-decoration:line-through;text-decoration-color:#d9363e88}
.sl.gap{color:#a0a7b3;font-style:italic}
.sl mark{background:#ffd8d8;border-radius:2px}
.out{padding:8px 12px;white-space:pre-wrap;word-break:break-word;font-size:14px}
.chg{border-radius:2px;cursor:pointer}
.chg del{background:#ffd8d8;color:#8a1c1c;text-decoration:line-through;padding:0 1px}
.chg ins{background:#d5f5dc;color:#0d5323;text-decoration:none;padding:0 1px}
.chg.s1 ins{background:#fff0c2;color:#6b4b00} .chg.s2 ins{background:#ffe1b8;outline:1px dashed #e08600}
.chg.triv del{background:none;color:#b3b9c4;text-decoration:none;font-size:11px}
.chg.triv ins{background:none}
.chg.rej{opacity:.55} .chg.rej ins{text-decoration:line-through}
.nl{color:#b3b9c4}
.clist{list-style:none;margin:0;padding:4px 0;border-top:1px solid #eceef1}
.crow{display:flex;gap:8px;align-items:baseline;padding:3px 12px;font-size:12.5px;flex-wrap:wrap}
.crow:hover{background:#f7f9fc}
.crow.flash{animation:fl 1.2s}
@keyframes fl{0%{background:#ffe58f}100%{background:transparent}}
.crow.rejd .ba{text-decoration:line-through;opacity:.6}
.crow .tag{font-size:11px;border-radius:3px;padding:0 5px;font-weight:600}
.tag.rejected{background:#fdecec;color:#b42318} .tag.accepted{background:#e3f6e8;color:#1a7f37}
.badge{font:600 11px ui-monospace,monospace;border-radius:3px;padding:1px 5px;background:#e7eefc;color:#1d4ed8}
.badge.s1{background:#fff0c2;color:#6b4b00} .badge.s2{background:#ffe1b8;color:#8a4b00}
.rname{color:#5a6372}
.ba{font:12px ui-monospace,monospace;max-width:100%}
.ba del{background:#ffd8d8;color:#8a1c1c;text-decoration:none;padding:0 2px;border-radius:2px}
.ba ins{background:#d5f5dc;color:#0d5323;text-decoration:none;padding:0 2px;border-radius:2px}
.why{color:#7a8290}
.cid{color:#a0a7b3;font:11px ui-monospace,monospace;margin-left:auto}
.acts{display:inline-flex;gap:4px}
details.joins{border:none;margin:0;padding:0 12px 4px;border-radius:0}
details.joins>summary{font-weight:normal;color:#5a6372;font-size:12px}
#decjson{background:#f4f5f7;padding:8px;border-radius:6px;max-height:200px;overflow:auto;font-size:12px}
code{font:12px ui-monospace,monospace;background:#f1f3f6;padding:0 3px;border-radius:3px}
#more{height:40px}
.empty{padding:40px;text-align:center;color:#7a8290}
"""

_JS = r"""
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const $ = (id) => document.getElementById(id);
// the source and the output text: in <textarea>s (or in D when they hold NUL); used as lines
const TEXT = [D.src ?? $("src").textContent, D.out ?? $("out").textContent];
for (const id of ["src", "out"]) $(id)?.remove();
D.src = TEXT[0].split("\n");
D.out = TEXT[1].split("\n");
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;","'":"&#39;"}[c]));
const SAF = D.safeties;
// D.ch: the changes, one column per field (report_data's docstring): whole numbers as base64
// little-endian signed ints (first char b/h/i: 1/2/4 bytes), texts joined by \x7f (ids by ","),
// or plain lists.  Offsets and lengths count code points, as Python does.
function ints(v) {
  if (Array.isArray(v)) return v;
  const bin = atob(v.slice(1)), size = {b: 1, h: 2, i: 4}[v[0]];
  const dv = new DataView(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)).buffer), out = new Array(bin.length / size);
  for (let k = 0; k < out.length; k++) out[k] = size === 1 ? dv.getInt8(k) : size === 2 ? dv.getInt16(2 * k, true) : dv.getInt32(4 * k, true);
  return out;
}
const K = D.ch, TEXT_SEP = {id: ",", why: "\x7f", bt: "\x7f", at: "\x7f"};
for (const f of Object.keys(K)) K[f] = !(f in TEXT_SEP) ? ints(K[f]) : Array.isArray(K[f]) ? K[f] : K[f].split(TEXT_SEP[f]);
const N = K.id.length;
// before/after: bt/at, unless "bs"/"as" say (report_data): a slice of the source or the output,
// or JOINED (after only): the before with each whitespace run holding a line end made one space.
// Rebuilt when first read (c.b, c.a).
const T_OUTPUT = __OUTPUT__, T_JOINED = __JOINED__; // (SOURCE otherwise)
const BS = new Map(), AS = new Map(); // j -> [offset, length] / [where, offset, length]
for (let k = 0; k < K.bs.length; k += 3) BS.set(K.bs[k], [K.bs[k + 1], K.bs[k + 2]]);
for (let k = 0; k < K.as.length; k += 4) AS.set(K.as[k], [K.as[k + 1], K.as[k + 2], K.as[k + 3]]);
const MAX_BEFORE = __MAX_BEFORE__;
const NLRUN = new RegExp("[__WS__]*\n[__WS__]*", "g"); // WS: exactly Python's str.isspace()
const ASTRAL = /[\uD800-\uDFFF]/; // a code point of two UTF-16 units: count and slice by code points
const cps = (s) => ASTRAL.test(s) ? Array.from(s) : s;
const slice = (x, i, j) => typeof x === "string" ? x.slice(i, j) : x.slice(i, j).join("");
const TEXT_CPS = [null, null];
const sliceOf = (t, o, n) => slice(TEXT_CPS[t] ??= cps(TEXT[t]), o, o + n);
function fullBefore(j) { const v = BS.get(j); return v ? sliceOf(0, v[0], v[1]) : K.bt[j]; }
const CH = {
  get a() {
    if (this.a_ === undefined) {
      const j = this.j, v = AS.get(j);
      this.a_ = !v ? K.at[j] : v[0] === T_JOINED ? fullBefore(j).replace(NLRUN, " ") : sliceOf(v[0] === T_OUTPUT ? 1 : 0, v[1], v[2]);
    }
    return this.a_;
  },
  get b() {
    if (this.b_ === undefined) {
      let s = fullBefore(this.j);
      if (BS.has(this.j) && s.length > MAX_BEFORE) { // (Python cut a text sent whole)
        const u = cps(s);
        if (u.length > MAX_BEFORE) s = slice(u, 0, MAX_BEFORE) + `\u2026 [${u.length - MAX_BEFORE} more chars]`;
      }
      this.b_ = s;
    }
    return this.b_;
  },
};
// where each change lands: output line (1-based) and column, in code points; a change that
// lands on a blank line (between blocks) belongs to the block above
const lineStart = [];
{
  const astral = ASTRAL.test(TEXT[1]);
  let p = 0;
  for (const t of D.out) { lineStart.push(p); p += (astral ? Array.from(t).length : t.length) + 1; }
}
function place(off) {
  let lo = 0, hi = lineStart.length; // line = the number of line starts <= off
  while (lo < hi) { const m = (lo + hi) >> 1; if (lineStart[m] <= off) lo = m + 1; else hi = m; }
  let line = Math.max(lo, 1), col = off - lineStart[line - 1];
  const out = D.out, n = out.length;
  if (!out[line - 1]) {
    let k = line;
    while (k > 1 && !out[k - 1]) k--;
    if (out[k - 1]) { line = k; col = out[k - 1].length; if (ASTRAL.test(out[k - 1])) col = Array.from(out[k - 1]).length; }
    else { k = line; while (k < n && !out[k - 1]) k++; line = k; col = 0; }
  }
  return [line, col];
}
const C = [];
for (let j = 0; j < N; j++) {
  const [line, col] = place(K.off[j]);
  C.push(Object.assign(Object.create(CH), {j, id: K.id[j], r: K.rule[j], s: K.saf[j], line, col,
    sa: K.sa[j], sb: K.sb[j], why: K.why[j], triv: K.triv[j], pass: K.pass[j]}));
}
C.sort((x, y) => x.line - y.line || x.col - y.col || x.pass - y.pass); // stable: log order within
C.forEach((c, i) => { c.i = i; });
const RULES = D.rules; // [code, name, pack, safety, summary]
const PACKS = [...new Set(RULES.map((r) => r[2]))].sort();
const byId = new Map(C.map((c) => [c.id, c]));
const dec = {reject: new Set(D.dec.reject), accept: new Set(D.dec.accept), disable: new Set(D.dec.disable)};
let savedDec = JSON.stringify(decObj()); // the decisions as applied or last exported
const st = {saf: new Set([0, 1, 2]), packs: new Set(PACKS), rules: new Set(RULES.map((_, k) => k)),
            triv: false, q: "", onlyDec: false};
let H = [], order = [], posOf = new Map(), hunkOf = new Map(), rendered = 0, current = -1;
const cursor = new Map();

// blocks: output line -> change indexes (in column order)
const blocks = new Map();
for (const c of C) { if (!blocks.has(c.line)) blocks.set(c.line, []); blocks.get(c.line).push(c.i); }
const blockLines = [...blocks.keys()].sort((x, y) => x - y);

function show(s, ws) { // visible form of a before/after string
  let t = esc(s);
  if (ws || !s.trim()) t = t.replace(/ /g, "\u00b7");
  return t.replace(/\n/g, "<span class=nl>\u21b5</span>").replace(/\t/g, "\u2192");
}
function short(s, n) { return s.length > n ? s.slice(0, n) + "\u2026" : s; }
function packOf(c) { return RULES[c.r][2]; }
function hasDec(c) { return dec.reject.has(c.id) || dec.accept.has(c.id); }
function baseVisible(c) {
  return st.saf.has(c.s) && st.rules.has(c.r) && st.packs.has(packOf(c)) && (st.triv || !c.triv)
    && (!st.onlyDec || hasDec(c));
}
function matches(c, q) {
  return c.b.toLowerCase().includes(q) || c.a.toLowerCase().includes(q) || c.why.toLowerCase().includes(q)
    || c.id.startsWith(q) || RULES[c.r][0].toLowerCase() === q;
}

function computeHunks() {
  H = []; order = []; posOf = new Map(); hunkOf = new Map();
  const q = st.q.toLowerCase();
  for (const line of blockLines) {
    const idx = blocks.get(line).filter((i) => baseVisible(C[i]));
    if (!idx.length) continue;
    let vis = idx;
    if (q) {
      const text = (D.out[line - 1] || "").toLowerCase();
      if (!text.includes(q)) { vis = idx.filter((i) => matches(C[i], q)); if (!vis.length) continue; }
    }
    const k = H.length;
    H.push({line, vis, all: blocks.get(line)});
    for (const i of vis) { posOf.set(i, order.length); order.push(i); hunkOf.set(i, k); }
  }
}

function srcRanges(all) {
  const rs = all.map((i) => [C[i].sa, C[i].sb]).sort((x, y) => x[0] - y[0]);
  const out = [];
  for (const r of rs) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 3) last[1] = Math.max(last[1], r[1]); else out.push([r[0], r[1]]);
  }
  return out;
}

function srcLineHtml(n, marks) {
  const t = D.src[n - 1] ?? "";
  let drop = false, rule = "";
  const spans = [];
  for (const c of marks) {
    if (n < c.sa || n > c.sb) continue;
    const trimmed = t.trim();
    if (!c.a && trimmed && (c.b.includes(trimmed) || (c.sa < n && n < c.sb))) {
      drop = true; rule = RULES[c.r][0]; continue;
    }
    if (c.sa === c.sb) {
      const needle = c.b.replace(/\n+$/, "");
      if (needle.trim()) {
        const at = t.indexOf(needle);
        if (at >= 0) spans.push([at, at + needle.length, c]);
      }
    }
  }
  let body = "";
  if (drop || !spans.length) body = esc(t);
  else {
    spans.sort((x, y) => x[0] - y[0]);
    let p = 0;
    for (const [a, b, c] of spans) {
      if (a < p) continue;
      body += esc(t.slice(p, a)) + `<mark title="${esc(RULES[c.r][0])}">${esc(t.slice(a, b))}</mark>`;
      p = b;
    }
    body += esc(t.slice(p));
  }
  return `<div class="sl${drop ? " drop" : ""}"${drop ? ` title="removed by ${esc(rule)}"` : ""}><span class=ln>${n}</span><span>${body || " "}</span></div>`;
}

function srcHtml(h, marks) {
  let s = "";
  for (const [a, b] of srcRanges(h.all)) {
    const lines = [];
    if (b - a + 1 > 40) {
      for (let n = a; n < a + 30; n++) lines.push(n);
      lines.push(-(b - 5 - (a + 30) + 1));
      for (let n = b - 4; n <= b; n++) lines.push(n);
    } else for (let n = a; n <= b; n++) lines.push(n);
    if (s) s += `<div class="sl gap"><span class=ln>\u22ee</span><span></span></div>`;
    for (const n of lines) s += n < 0 ? `<div class="sl gap"><span class=ln>\u22ee</span><span>\u2026 ${-n} lines \u2026</span></div>` : srcLineHtml(n, marks);
  }
  return s;
}

function outHtml(h) {
  const t = D.out[h.line - 1] || "";
  // Where changes overlap (a later pass reworked an earlier one's text), the latest pass is shown
  // inline, as it matches the output; the others are listed below the block.
  const claimed = [], list = [];
  for (const i of h.vis.slice().sort((x, y) => C[y].pass - C[x].pass || x - y)) {
    const c = C[i], a = c.col, b = Math.min(c.col + c.a.length, t.length);
    if (c.triv && c.b.trim()) continue; // a paragraph's joins as one change: the source panel shows them
    if (claimed.some(([x, y]) => (a < y && b > x) || (a === b && x < a && a < y) || (x === y && a < x && x < b))) continue;
    claimed.push([a, b]);
    list.push(i);
  }
  list.sort((x, y) => C[x].col - C[y].col || C[x].pass - C[y].pass);
  let p = 0, s = "";
  for (const i of list) {
    const c = C[i];
    if (c.col < p) continue;
    const start = c.col, end = Math.min(start + c.a.length, t.length);
    s += esc(t.slice(p, start));
    const cls = `chg s${c.s}${c.triv ? " triv" : ""}${dec.reject.has(c.id) ? " rej" : ""}`;
    const moved = !c.a && D.pairs[c.id];
    const del = c.b ? `<del>${c.triv ? "\u21b5" : moved ? "\u21e3 moved: " + show(short(c.b.trim(), 50)) : show(short(c.b, 80))}</del>` : "";
    const ins = end > start ? `<ins>${esc(t.slice(start, end))}</ins>` : "";
    s += `<span class="${cls}" data-i="${i}" title="${esc(RULES[c.r][0] + " " + RULES[c.r][1] + (c.why ? ": " + c.why : ""))}">${del}${ins}</span>`;
    p = end;
  }
  return s + esc(t.slice(p));
}

function rowHtml(i) {
  const c = C[i], R = RULES[c.r];
  const rej = dec.reject.has(c.id), acc = dec.accept.has(c.id);
  const tags = (rej ? "<span class='tag rejected'>rejected</span>" : "") + (acc ? "<span class='tag accepted'>accepted</span>" : "");
  const src = c.sa === c.sb ? `L${c.sa}` : `L${c.sa}\u2013${c.sb}`;
  return `<li class="crow${rej ? " rejd" : ""}" id="c-${esc(c.id)}" data-i="${i}">`
    + `<span class="badge s${c.s}" title="${esc(R[4])}">${esc(R[0])}</span><span class=rname>${esc(R[1])}</span>`
    + `<span class=muted>${src} \u2192 out ${c.line}</span>`
    + (c.triv && c.b.trim() ? `<span class=ba>${(c.b.match(/\n/g) || []).length} line ends joined: <del>${show(short(c.b, 60))}</del></span>`
       : `<span class=ba>${c.b ? `<del>${show(short(c.b, 300))}</del>` : ""}${c.b && c.a ? " \u2192 " : ""}${c.a ? `<ins>${show(short(c.a, 300))}</ins>` : ""}</span>`)
    + (c.why ? `<span class=why>${esc(c.why)}</span>` : "") + tags
    + `<span class=acts><button type=button class=rejbtn>${rej ? "Undo reject" : "Reject"}</button>`
    + (c.s === 2 ? `<button type=button class=accbtn>${acc ? "Undo accept" : "Accept"}</button>` : "")
    + `<button type=button class=nxt title="next ${esc(R[0])} change (n)">next ${esc(R[0])} \u25b8</button></span>`
    + `<span class=cid>${esc(c.id)}</span></li>`;
}

function hunkHtml(k) {
  const h = H[k];
  const marks = h.vis.map((i) => C[i]).filter((c) => !c.triv);
  const shownRules = new Map();
  for (const i of h.vis) { const code = RULES[C[i].r][0]; shownRules.set(code, (shownRules.get(code) || 0) + 1); }
  const hidden = h.all.length - h.vis.length;
  const srcA = Math.min(...h.all.map((i) => C[i].sa)), srcB = Math.max(...h.all.map((i) => C[i].sb));
  const badges = [...shownRules].map(([code, n]) => `<span class=badge>${esc(code)}\u00d7${n}</span>`).join(" ");
  const main = h.vis.filter((i) => !C[i].triv), triv = h.vis.filter((i) => C[i].triv);
  let rows = main.map(rowHtml).join("");
  let joins = triv.length ? `<details class=joins><summary>${triv.length} line join${triv.length > 1 ? "s" : ""}</summary><ol class=clist data-lazy="${triv.join(",")}"></ol></details>` : "";
  return `<section class=hunk id="h-${h.line}" data-k="${k}"><header><b>output line ${h.line}</b><span>source ${srcA === srcB ? "line " + srcA : "lines " + srcA + "\u2013" + srcB}</span>${badges}`
    + (hidden ? `<span class=muted>+${hidden} hidden by filters</span>` : "") + `</header>`
    + `<div class=cols><div class=src>${srcHtml(h, marks)}</div><div class=out>${outHtml(h)}</div></div>`
    + (rows ? `<ol class=clist>${rows}</ol>` : "") + joins + `</section>`;
}

function renderUntil(k) {
  const box = $("hunks");
  let html = "";
  while (rendered <= k && rendered < H.length) html += hunkHtml(rendered++);
  if (html) box.insertAdjacentHTML("beforeend", html);
}

function fill() { // render more blocks while the end of the list is near the viewport
  const m = $("main");
  let guard = 0;
  while (rendered < H.length && m.scrollTop + m.clientHeight > m.scrollHeight - 1500 && guard++ < 20) renderUntil(rendered + 7);
}

function rerender() {
  computeHunks();
  rendered = 0;
  $("hunks").innerHTML = H.length ? "" : `<div class=empty>No change matches the filters.</div>`;
  renderUntil(7);
  fill();
  updateStatus();
}

function updateStatus() {
  const shown = order.length;
  $("status").textContent = `${shown} of ${C.length} changes in ${H.length} blocks`;
  refreshRuleCounts();
}

function decObj() {
  return {reject: [...dec.reject].sort(), accept: [...dec.accept].sort(), disable: [...dec.disable].sort()};
}
function updateDec() {
  const n = decObj();
  const newRej = n.reject.filter((id) => byId.has(id)).length;
  $("decsum").textContent = `${n.reject.length} rejected \u00b7 ${n.accept.length} accepted \u00b7 ${n.disable.length} rule${n.disable.length === 1 ? "" : "s"} off`
    + (newRej ? ` (${newRej} new)` : "");
  $("export").classList.toggle("dirty", JSON.stringify(n) !== savedDec);
  $("decjson").textContent = JSON.stringify(exportObj(), null, 2);
  renderReview();
}
function exportObj() {
  return {version: 1, generator: "clean report", books: {[D.name]: decObj()}};
}
function exportDecisions() {
  const blob = new Blob([JSON.stringify(exportObj(), null, 2) + "\n"], {type: "application/json"});
  const a = $("dl");
  if (a.href) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(blob);
  a.download = D.name + ".decisions.json";
  a.click();
  savedDec = JSON.stringify(decObj());
  $("export").classList.remove("dirty");
}

function toggle(set, id) { if (set.has(id)) set.delete(id); else set.add(id); }
function toggleReject(i) { // a move's two halves go together
  const id = C[i].id, on = !dec.reject.has(id), other = D.pairs[id];
  for (const x of other ? [id, other] : [id]) on ? dec.reject.add(x) : dec.reject.delete(x);
  refreshChange(i);
  if (other && byId.has(other)) refreshChange(byId.get(other).i);
  updateDec();
}
function refreshChange(i) {
  const c = C[i];
  const row = document.getElementById("c-" + c.id);
  if (row) row.outerHTML = rowHtml(i);
  for (const el of document.querySelectorAll(`.chg[data-i="${i}"]`)) el.classList.toggle("rej", dec.reject.has(c.id));
}

function jumpTo(i) {
  const k = hunkOf.get(i);
  if (k === undefined) return false;
  renderUntil(k);
  current = i;
  const c = C[i];
  let row = document.getElementById("c-" + c.id);
  if (!row && c.triv) {
    const det = document.getElementById("h-" + c.line)?.querySelector("details.joins");
    if (det) { det.open = true; fillJoins(det); row = document.getElementById("c-" + c.id); }
  }
  const target = row || document.getElementById("h-" + c.line);
  if (target) {
    target.scrollIntoView({block: "center"});
    if (row) { row.classList.remove("flash"); void row.offsetWidth; row.classList.add("flash"); }
  }
  return true;
}
function nextOfRule(r, from) {
  if (!order.length) return -1;
  const start = from >= 0 && posOf.has(from) ? posOf.get(from) + 1 : 0;
  for (let n = 0; n < order.length; n++) {
    const i = order[(start + n) % order.length];
    if (C[i].r === r) return i;
  }
  return -1;
}
function fillJoins(det) {
  const ol = det.querySelector("ol[data-lazy]");
  if (ol && !ol.dataset.done) { ol.innerHTML = ol.dataset.lazy.split(",").map(Number).map(rowHtml).join(""); ol.dataset.done = "1"; }
}

function checkbox(label, count, checked, onchange, attrs) {
  const l = document.createElement("label"); l.className = "chk";
  const b = document.createElement("input"); b.type = "checkbox"; b.checked = checked;
  for (const [k, v] of Object.entries(attrs || {})) b.setAttribute(k, v);
  b.addEventListener("change", () => onchange(b.checked));
  l.append(b, document.createTextNode(label));
  const n = document.createElement("span"); n.className = "n"; n.textContent = count; l.append(n);
  return l;
}

function buildSide() {
  $("bookname").textContent = D.name;
  const s = D.stats, bits = [`input: ${D.kind}`];
  if (s.blocks !== undefined) bits.push(`${s.blocks} blocks`);
  if (s.footnotes_found !== undefined) bits.push(`notes ${s.footnotes_found} found, ${s.footnotes_lost ?? 0} lost, ${s.footnotes_unreferenced ?? 0} unreferenced`);
  bits.push(`${C.length} changes`);
  if (s.seconds !== undefined) bits.push(`${s.seconds} s`);
  $("bookstats").textContent = bits.join(" \u00b7 ");
  const nTriv = C.filter((c) => c.triv).length;
  $("trivcount").textContent = `(${nTriv})`;
  const fs = $("fsaf");
  SAF.forEach((name, k) => fs.append(checkbox(" " + name, C.filter((c) => c.s === k).length, true,
    (on) => { on ? st.saf.add(k) : st.saf.delete(k); rerender(); }, {"data-saf": name})));
  const fp = $("fpack");
  for (const p of PACKS) fp.append(checkbox(" " + p, C.filter((c) => packOf(c) === p).length, true,
    (on) => { on ? st.packs.add(p) : st.packs.delete(p); rerender(); }, {"data-pack": p}));
  const counts = RULES.map(() => 0), fcounts = RULES.map(() => 0);
  for (const c of C) counts[c.r]++;
  for (const f of D.flags) fcounts[f[1]]++;
  const tb = $("frules");
  RULES.map((r, k) => k).sort((x, y) => counts[y] - counts[x] || (RULES[x][0] < RULES[y][0] ? -1 : 1)).forEach((k) => {
    const R = RULES[k];
    const tr = document.createElement("tr"); tr.dataset.rule = R[0];
    tr.innerHTML = `<td><input type=checkbox class=rf checked data-rule="${esc(R[0])}"></td><td class=code title="${esc(R[4])}"><span class="badge s${SAF.indexOf(R[3]) < 0 ? 0 : SAF.indexOf(R[3])}">${esc(R[0])}</span></td>`
      + `<td class=nm title="${esc(R[1] + " (" + R[2] + ")")}">${esc(R[1])}</td><td class=n data-total="${counts[k]}">${counts[k]}</td>`
      + `<td class=n title="flags needing review">${fcounts[k] ? "\u2691" + fcounts[k] : ""}</td>`
      + `<td><button type=button class=rnext title="next ${esc(R[0])} change">\u25b8</button></td>`
      + `<td><input type=checkbox class=roff data-rule="${esc(R[0])}"${dec.disable.has(R[0]) ? " checked" : ""}`
      + (R[5] ? ` title="turn ${esc(R[0])} off for this book">` : ` disabled title="a layout step: reject its changes one by one">`) + `</td>`;
    tr.classList.toggle("off", dec.disable.has(R[0]));
    tr.querySelector(".rf").addEventListener("change", (e) => { e.target.checked ? st.rules.add(k) : st.rules.delete(k); rerender(); });
    tr.querySelector("td.code").addEventListener("click", () => { // only this rule (click again: all rules)
      const solo = st.rules.size === 1 && st.rules.has(k);
      st.rules = new Set(solo ? RULES.map((_, x) => x) : [k]);
      if (!solo && C.some((c) => c.r === k && c.triv)) { st.triv = true; $("triv").checked = true; }
      for (const b of $("frules").querySelectorAll("input.rf")) b.checked = st.rules.has(RULES.findIndex((r) => r[0] === b.dataset.rule));
      rerender();
    });
    tr.querySelector(".rnext").addEventListener("click", () => {
      const i = nextOfRule(k, cursor.has(k) ? cursor.get(k) : -1);
      if (i >= 0) { cursor.set(k, i); jumpTo(i); }
    });
    tr.querySelector(".roff").addEventListener("change", (e) => {
      e.target.checked ? dec.disable.add(R[0]) : dec.disable.delete(R[0]);
      tr.classList.toggle("off", e.target.checked); updateDec();
    });
    tb.append(tr);
  });
}
function refreshRuleCounts() {
  const vis = new Map();
  for (const i of order) vis.set(C[i].r, (vis.get(C[i].r) || 0) + 1);
  for (const tr of $("frules").rows) {
    const k = RULES.findIndex((r) => r[0] === tr.dataset.rule);
    const td = tr.querySelector("td.n[data-total]");
    const v = vis.get(k) || 0, t = +td.dataset.total;
    td.textContent = v === t ? String(t) : `${v}/${t}`;
  }
}

function renderReview() {
  const items = [];
  for (const c of C) if (c.s === 2) items.push(
    `<li class=crow data-i="${c.i}"><span class="badge s2">${esc(RULES[c.r][0])}</span><span class=muted>L${c.sa}</span>`
    + `<span class=ba>${c.b ? `<del>${show(short(c.b, 120))}</del>` : ""} ${c.a ? `<ins>${show(short(c.a, 120))}</ins>` : ""}</span><span class=why>${esc(c.why)}</span>`
    + (dec.accept.has(c.id) ? "<span class='tag accepted'>accepted</span>" : "")
    + `<span class=acts><button type=button class=accbtn>${dec.accept.has(c.id) ? "Undo accept" : "Accept"}</button><button type=button class=show>show</button></span><span class=cid>${esc(c.id)}</span></li>`);
  for (const f of D.flags) items.push(
    `<li class=crow data-flag="${esc(f[0])}"><span class="badge s2">${esc(RULES[f[1]][0])}</span><span class=muted>L${f[2]}</span>`
    + `<span>${esc(f[3])}</span><code>${esc(short((D.src[f[2] - 1] || "").trim(), 100))}</code>`
    + (dec.accept.has(f[0]) ? "<span class='tag accepted'>accepted</span>" : "")
    + `<span class=acts><button type=button class=accflag>${dec.accept.has(f[0]) ? "Undo accept" : "Accept"}</button></span><span class=cid>${esc(f[0])}</span></li>`);
  const open = C.filter((c) => c.s === 2 && !dec.accept.has(c.id)).length + D.flags.filter((f) => !dec.accept.has(f[0])).length;
  $("nreview").textContent = `(${open} open of ${items.length})`;
  $("reviewlist").innerHTML = items.join("") || "<li class=muted>Nothing is flagged.</li>";
  $("review").hidden = !items.length;
  const rej = D.rej.map((a) => {
    const [id, r, s, sa, sb, b, aft, why] = a, still = dec.reject.has(id);
    return `<li class="crow${still ? " rejd" : ""}" data-rej="${esc(id)}"><span class="badge s${s}">${esc(RULES[r][0])}</span><span class=muted>L${sa}${sb !== sa ? "\u2013" + sb : ""}</span>`
      + `<span class=ba>${b ? `<del>${show(short(b, 160))}</del>` : ""}${b && aft ? " \u2192 " : ""}${aft ? `<ins>${show(short(aft, 160))}</ins>` : ""}</span><span class=why>${esc(why)}</span>`
      + `<span class="tag ${still ? "rejected" : "accepted"}">${still ? "not applied" : "will apply again"}</span>`
      + `<span class=acts><button type=button class=unrej>${still ? "Undo reject" : "Reject again"}</button></span><span class=cid>${esc(id)}</span></li>`;
  });
  $("nrej").textContent = `(${D.rej.length})`;
  $("rejlist").innerHTML = rej.join("");
  $("rejsec").hidden = !D.rej.length;
  if (D.rej.length && !renderReview.done) $("rejsec").open = true;
  renderReview.done = true;
}

function notices() {
  const n = [];
  if (D.stale.length) n.push(`${D.stale.length} rejected id${D.stale.length > 1 ? "s" : ""} in the decisions matched no change in this run (the input, the packs or an earlier decision changed): <code>${D.stale.map(esc).join(" ")}</code>`);
  if (D.dec.disable.length) n.push(`Rules turned off for this book by the decisions: <b>${D.dec.disable.map(esc).join(", ")}</b> (untick \u201coff\u201d in the rules table and export to turn them back on).`);
  $("notices").innerHTML = n.map((t) => `<div class=note>${t}</div>`).join("");
}

function onClick(e) {
  const t = e.target;
  const row = t.closest("[data-i]");
  const i = row ? +row.dataset.i : -1;
  if (t.classList.contains("rejbtn") && i >= 0) { current = i; toggleReject(i); }
  else if (t.classList.contains("accbtn") && i >= 0) { current = i; toggle(dec.accept, C[i].id); refreshChange(i); updateDec(); }
  else if (t.classList.contains("accflag")) { toggle(dec.accept, t.closest("[data-flag]").dataset.flag); updateDec(); }
  else if (t.classList.contains("unrej")) {
    const id = t.closest("[data-rej]").dataset.rej, on = !dec.reject.has(id), other = D.pairs[id];
    for (const x of other ? [id, other] : [id]) on ? dec.reject.add(x) : dec.reject.delete(x);
    updateDec();
  }
  else if (t.classList.contains("nxt") && i >= 0) { const j = nextOfRule(C[i].r, i); if (j >= 0) jumpTo(j); }
  else if (t.classList.contains("show") && i >= 0) { if (!jumpTo(i)) alert("That change is hidden by the filters."); }
  else if (t.closest(".chg")) { const j = +t.closest(".chg").dataset.i; if (!C[j].triv) jumpTo(j); else current = j; }
  else if (row && row.classList.contains("crow")) current = i;
}

let qTimer = 0;
function init() {
  document.title = D.name + " \u2014 clean report";
  for (const el of document.querySelectorAll(".dlname")) el.textContent = D.name + ".decisions.json";
  buildSide();
  notices();
  $("q").addEventListener("input", () => { clearTimeout(qTimer); qTimer = setTimeout(() => { st.q = $("q").value.trim(); rerender(); }, 150); });
  $("triv").addEventListener("change", (e) => { st.triv = e.target.checked; rerender(); });
  $("onlydec").addEventListener("change", (e) => { st.onlyDec = e.target.checked; rerender(); });
  $("export").addEventListener("click", exportDecisions);
  document.addEventListener("click", onClick);
  document.addEventListener("toggle", (e) => { if (e.target.classList?.contains("joins") && e.target.open) fillJoins(e.target); }, true);
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/") { e.preventDefault(); $("q").focus(); }
    else if (e.key === "n" && current >= 0) { const j = nextOfRule(C[current].r, current); if (j >= 0) jumpTo(j); }
    else if (e.key === "r" && current >= 0) toggleReject(current);
  });
  $("main").addEventListener("scroll", fill, {passive: true});
  window.addEventListener("resize", fill);
  window.addEventListener("beforeunload", (e) => { if (JSON.stringify(decObj()) !== savedDec && !window.__noUnloadPrompt) { e.preventDefault(); e.returnValue = ""; } });
  rerender();
  updateDec();
  if (location.hash.startsWith("#c-")) { const c = byId.get(location.hash.slice(3)); if (c) jumpTo(c.i); }
  document.body.dataset.ready = "1";
}
init();
""".replace("__MAX_BEFORE__", str(MAX_BEFORE)).replace("__OUTPUT__", str(OUTPUT)).replace("__JOINED__", str(JOINED)).replace("__WS__", _JS_WS)

# the page around the texts and the data (a book's text may hold any placeholder)
_PAGE = tuple(_TEMPLATE.replace("__CSS__", _CSS).replace("__JS__", _JS)
              .replace("__TEXTS__", "\0").replace("__DATA__", "\0").split("\0"))
