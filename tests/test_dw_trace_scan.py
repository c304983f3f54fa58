"""DW006's prefiltered trace patterns find exactly what the plain regexes find."""
import random

from cleaner.rules import displaced as D

WORDS = ("the The a A an An in In of Of at from with on and was were is are has have had quite , ; : - \" . x "
         "data Then London Londonish abcd www.exam.com finalized.as foo.html to by conditionsNorthern Abcd "
         "abcdAbcd Ab \u00e9 # [^1] 1. order order market").split()
SEPS = [" ", "  ", "\t", "\xa0", "", "", " - ", "\x1c", ".", "\n", "\n\n"]


def _texts(n, seed):
    rnd = random.Random(seed)
    return ["".join(rnd.choice(WORDS) + rnd.choice(SEPS) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


def test_prefiltered_same_matches():
    for rx, what in D.PLAIN_TRACES:
        total = 0
        for t in _texts(3000, 7):
            a = [(m.start(), m.end()) for m in rx.rx.finditer(t)]
            b = [(m.start(), m.end()) for m in rx.finditer(t)]
            assert a == b, (what, t)
            total += len(a)
        assert total, what   # the random texts do exercise the pattern


class _Doc:
    def source_line(self, off):
        return off


class _Ctx:
    doc = _Doc()


def _plain_traces(text):
    hits, seen = [], set()
    for off, line in D._paragraphs(text):
        for rx, what in D.PLAIN_TRACES:
            for m in rx.rx.finditer(line):
                key = (off + m.start(), m.group())
                if key not in seen:
                    seen.add(key)
                    hits.append((off + m.start(), what, m.group()))
    return hits


def test_traces_per_paragraph_same_hits():
    for t in _texts(400, 11):
        big = t * 5
        assert D._traces(_Ctx, big)[0] == _plain_traces(big)


def test_prefiltered_gaps_same_matches():
    words = WORDS + ("for by will alone itself between (WHO) Russian as well .. is was were are has have "
                     "had").split()
    rnd = random.Random(5)
    texts = ["".join(rnd.choice(words) + rnd.choice(SEPS) for _ in range(rnd.randint(1, 30))) for _ in range(4000)]
    for kind, _, rx in D.GAPS:
        if not isinstance(rx, D._Prefiltered):
            continue
        for t in texts:
            a = [(m.start(), m.end(), m.groupdict()) for m in rx.rx.finditer(t)]
            b = [(m.start(), m.end(), m.groupdict()) for m in rx.finditer(t)]
            assert a == b, (kind, t)
