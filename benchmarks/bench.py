#!/usr/bin/env python3
"""Speed and memory of clean_book against ftfy.fix_text over the same books, in one run.

Times are CPU time of this process (time.process_time), so other load on the
machine does not skew the ratio.

    python benchmarks/bench.py [FOLDER]      (default: ../shared/seeds)

Bars (issue 2): cleaning all books in one process takes at most 2x the time
of ftfy.fix_text over the same text; peak memory <= 300 MB.  Run by hand;
never part of the timed test suite.
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    size = sum(len(t.encode()) for t in texts)

    import ftfy
    import cleaner
    from cleaner.packs import build_config

    t0 = time.process_time()
    for t in texts:
        ftfy.fix_text(t)
    ftfy_s = time.process_time() - t0

    t0 = time.process_time()
    config = build_config()
    results = [cleaner.clean_book(t, config) for t in texts]
    clean_s = time.process_time() - t0  # the first run in the process: includes the dictionary load

    t0 = time.process_time()
    results = [cleaner.clean_book(t, config) for t in texts]
    warm_s = time.process_time() - t0

    from cleaner.report import render_report
    t0 = time.process_time()
    for t, r in zip(texts, results):
        render_report("book", t, r, config)
    report_s = time.process_time() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"books: {len(texts)}, {size / 1e6:.2f} MB")
    print(f"ftfy.fix_text:        {ftfy_s:6.2f} s")
    print(f"clean_book (cold):    {clean_s:6.2f} s  = {clean_s / ftfy_s:.2f}x ftfy  (bar <= 2x)")
    print(f"clean_book (warm):    {warm_s:6.2f} s  = {warm_s / ftfy_s:.2f}x ftfy")
    print(f"render_report (all):  {report_s:6.2f} s")
    print(f"peak memory (RSS):    {peak_mb:6.0f} MB  (bar <= 300 MB)")
    return 0 if clean_s <= 2 * ftfy_s and peak_mb <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
