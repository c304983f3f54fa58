"""The HTML review report (one self-contained file per book) and the run index."""
from __future__ import annotations

import html


def render_report(name: str, source: str, result, config) -> str:
    rows = "\n".join(
        f"<tr><td>{html.escape(c.rule)}</td><td>{c.src_lines[0]}-{c.src_lines[1]}</td>"
        f"<td><del>{html.escape(c.before)}</del></td><td><ins>{html.escape(c.after)}</ins></td></tr>"
        for c in result.changes)
    return (f"<!doctype html><meta charset=utf-8><title>{html.escape(name)}</title>"
            f"<h1>{html.escape(name)}</h1><table>{rows}</table>\n")


def render_index(summary: dict) -> str:
    items = "".join(f'<li><a href="{html.escape(b["name"])}.report.html">{html.escape(b["name"])}</a> '
                    f'{b["input_kind"]}, {b["changes"]} changes</li>' for b in summary["books"])
    return f"<!doctype html><meta charset=utf-8><title>clean run</title><ul>{items}</ul>\n"
