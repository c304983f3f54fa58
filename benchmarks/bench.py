#!/usr/bin/env python3
"""Speed and memory of clean_book against ftfy.fix_text over the same books.

    python benchmarks/bench.py [FOLDER]      (default: ../shared/seeds)

Bars (issue 2): cleaning all books in one process takes at most 2x the time
of ftfy.fix_text over the same text, reports included; peak memory <= 300 MB.

Each measurement runs in a fresh process: both tools are timed on their first
run in it (dictionary load, regex compilation and all) and again on a second,
interleaved run; CPU time (time.process_time), so other load on the machine
skews it less.  Five such processes; each is printed, and the median ratios.
Run by hand; never part of the timed test suite.
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def measure(folder: Path) -> dict:
    """One fresh process: ftfy, then clean_book cold (with reports), then warm."""
    sys.path.insert(0, str(ROOT))
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]

    import ftfy
    import cleaner
    from cleaner.packs import build_config
    from cleaner.report import render_report

    def ftfy_all() -> float:
        t0 = time.process_time()
        for t in texts:
            ftfy.fix_text(t)
        return time.process_time() - t0

    ftfy_cold = ftfy_all()  # both tools are timed on their first run in the process ...

    t0 = time.process_time()
    config = build_config()
    first = [cleaner.clean_book(t, config) for t in texts]
    clean_cold = time.process_time() - t0
    for t, r in zip(texts, first):
        render_report("book", t, r, config)
    cold_s = time.process_time() - t0

    ftfy_warm = ftfy_all()  # ... and again, interleaved, on a later run

    t0 = time.process_time()
    results = [cleaner.clean_book(t, config) for t in texts]
    warm_s = time.process_time() - t0

    t0 = time.process_time()
    for t, r in zip(texts, results):
        render_report("book", t, r, config)
    report_s = time.process_time() - t0
    warm_s += report_s
    ftfy_s = ftfy_cold
    return {"books": len(texts), "mb": sum(len(t.encode()) for t in texts) / 1e6, "ftfy": ftfy_s,
            "ftfy_warm": ftfy_warm, "clean_cold": clean_cold,
            "cold": cold_s, "warm": warm_s, "report": report_s,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--once"]
    folder = Path(args[0]) if args else ROOT.parent / "shared" / "seeds"
    if "--once" in sys.argv:
        print(json.dumps(measure(folder)))
        return 0
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, __file__, "--once", str(folder)],
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out))
    print(f"books: {runs[0]['books']}, {runs[0]['mb']:.2f} MB; {RUNS} fresh processes, CPU seconds")
    print(f"{'run':>4} {'ftfy':>6} {'clean':>6} {'ratio':>6} {'clean+reports':>14} {'ratio':>6} {'ftfy again':>11}"
          f" {'clean+reports again':>20} {'ratio':>6} {'(reports)':>10} {'peak MB':>8}")
    for k, r in enumerate(runs, 1):
        print(f"{k:4} {r['ftfy']:6.2f} {r['clean_cold']:6.2f} {r['clean_cold'] / r['ftfy']:6.2f}"
              f" {r['cold']:14.2f} {r['cold'] / r['ftfy']:6.2f} {r['ftfy_warm']:11.2f}"
              f" {r['warm']:20.2f} {r['warm'] / r['ftfy_warm']:6.2f} {r['report']:10.2f} {r['peak_mb']:8.0f}")
    alone = statistics.median(r["clean_cold"] / r["ftfy"] for r in runs)
    cold = statistics.median(r["cold"] / r["ftfy"] for r in runs)
    warm = statistics.median(r["warm"] / r["ftfy_warm"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    print(f"median ratio to ftfy (bar <= 2x): clean_book {alone:.2f}x; with reports: first run {cold:.2f}x, "
          f"later run {warm:.2f}x; "
          f"peak memory {peak:.0f} MB (bar <= 300 MB)")
    return 0 if alone <= 2 and cold <= 2 and peak <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
