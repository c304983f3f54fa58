"""The pdftotext layout analyzer and the line-end joiners (HY001, UR001)."""
from __future__ import annotations

import time

import pytest

from cleaner import clean_book
from cleaner.context import Context
from cleaner.engine import Document, replay
from cleaner.layout import detect_kind
from cleaner.layout.joins import hyphen_join, url_join
from cleaner.layout.pdftotext import analyze_pdftotext, width
from cleaner.layout.plan import HEADING, NOTE, PAGE_NUMBER
from cleaner.packs import build_config

from conftest import seed_paths

PDFTOTEXT_SEEDS = {
    # stem prefix: (titles, page numbers, notes found, note continuations)
    "000": (22, 9, 283, 3),
    "001": (10, 1, 64, 2),
    "002": (16, 6, 316, 0),
}


def _seeds():
    return {p.stem[:3]: p for p in seed_paths() if p.stem[:3] in PDFTOTEXT_SEEDS}


@pytest.fixture(scope="module")
def plans():
    seeds = _seeds()
    if not seeds:
        pytest.skip("seed books not found")
    config = build_config()
    out = {}
    for key, path in seeds.items():
        text = path.read_text(encoding="utf-8")
        ctx = Context(Document(text), config)
        ctx.input_kind = detect_kind(text)
        out[key] = (text, analyze_pdftotext(text, ctx), ctx)
    return out


def plan_of(text: str):
    ctx = Context(Document(text), build_config())
    return analyze_pdftotext(text, ctx)


# -- the seed books -----------------------------------------------------------------

def test_seeds_are_detected_as_pdftotext(plans):
    for key, (text, _, _) in plans.items():
        assert detect_kind(text) == "pdftotext", key


def test_seed_structure_counts(plans):
    for key, (text, plan, ctx) in plans.items():
        titles, page_numbers, notes, continuations = PDFTOTEXT_SEEDS[key]
        starts_of_titles = [i for i in plan.starts if plan.kinds[i] == HEADING]
        assert len(starts_of_titles) == titles, key
        assert sum(1 for k in plan.kinds if k == PAGE_NUMBER) == page_numbers, key
        assert len(plan.notes_found) == notes, key
        assert sum(1 for p in plan.notes if p.continuation) == continuations, key
        assert ctx.facts["stats"]["layout.titles"] == titles


def test_notes_in_number_order_with_continuations_after_their_head(plans):
    for key, (text, plan, _) in plans.items():
        numbers = [p.number for p in plan.notes]
        assert numbers == sorted(numbers), key
        for k, piece in enumerate(plan.notes):
            if piece.continuation:
                assert plan.notes[k - 1].number == piece.number, key
        for piece in plan.notes:
            for line in range(piece.first, piece.last + 1):
                assert plan.kinds[line] in (NOTE, "blank"), (key, line)


def test_note_labels_become_footnote_definitions(plans):
    text, plan, _ = plans["002"]
    lines = text.split("\n")
    # the garbled label `9.` between notes 285 and 287 is note 286
    line = plan.notes_found[286]
    assert lines[line].startswith("9. ")
    assert plan.prefix[line] == (3, "[^286]: ", "LY006")
    head = plan.notes_found[1]
    assert plan.prefix[head] == (2, "[^1]: ", "FN001")


def test_headless_fragments_are_dropped_and_flagged(plans):
    text, plan, _ = plans["002"]
    lines = text.split("\n")
    dropped = {lines[i].strip() for i, (rule, _) in plan.drop.items() if rule == "LY005"}
    assert "tovarooborota-v-3-mlrd-dollarov-ssha/" in dropped
    _, plan0, _ = plans["000"]
    lines0 = plans["000"][0].split("\n")
    dropped0 = {lines0[i].strip() for i, (rule, _) in plan0.drop.items() if rule == "LY005"}
    assert "Academic Publishing, 2019. - С. 105." in dropped0


def test_seed_outputs_are_canonical_idempotent_and_replayable(cleaned_seeds):
    for stem, (source, result) in cleaned_seeds.items():
        if stem[:3] not in PDFTOTEXT_SEEDS:
            continue
        assert detect_kind(result.text) == "canonical", stem
        assert clean_book(result.text).text == result.text, stem
        assert replay(source, result.changes) == result.text, stem
        out_lines = result.text.split("\n")
        assert not any(line.strip().isdigit() and len(line.strip()) <= 3 for line in out_lines), stem
        assert not any(line != line.rstrip() for line in out_lines), stem


def test_analyzer_is_fast(plans):
    for key, (text, _, ctx) in plans.items():
        best = min(_timed(text, ctx) for _ in range(3))
        assert best < 0.25, (key, best)   # a few ms on an idle machine; generous for a busy CI


def _timed(text, ctx):
    started = time.perf_counter()
    analyze_pdftotext(text, ctx)
    return time.perf_counter() - started


# -- small texts -------------------------------------------------------------------

def test_page_number_only_where_a_page_ends():
    text = ("The partners agreed to increase supplies of tractors and \n\n\n\n 11 \n\n"
            "trucks to the market of the country in the coming years. \n")
    plan = plan_of(text)
    assert plan.kinds[4] == PAGE_NUMBER and plan.drop[4][0] == "LY001"
    running = ("In 2021 the two sides signed \n\n15 \n\n"
               "documents on cooperation in trade and industry. \n")
    assert PAGE_NUMBER not in plan_of(running).kinds
    assert clean_book(running).text == "In 2021 the two sides signed 15 documents on cooperation in trade and industry.\n"


def test_two_trailing_spaces_end_a_paragraph():
    text = ("This creates a good basis for the development of trade and economic  \n\n"
            "Suffice it to say that in 2020, Belarusian exports to the countries of \n\n"
            "this continent totaled about two billion dollars. \n")
    out = clean_book(text).text
    assert out.split("\n\n")[0] == "This creates a good basis for the development of trade and economic"


def test_width_orders_narrow_and_wide_letters():
    assert width("iiii") < width("mmmm")
    assert width("") == 0
    assert width("Belarus") == width("Belarus")


# -- joiners -----------------------------------------------------------------------

class _Ctx:
    """A stand-in context: the book's vocabulary and nothing else."""

    def __init__(self, words=(), hyphenated=()):
        from collections import Counter
        self.vocab = Counter(words)
        self.hyphenated = set(hyphenated)
        self.facts = {"hyphen.book_splits": True}
        self.config = None


@pytest.mark.parametrize("prev,nxt,joined", [
    ("the produc-", "tion of tractors", "the production of tractors"),
    ("the volume of import-", "substituting products", "the volume of import-substituting products"),
    ("meeting of the Belarus-", "Pakistan Council", "meeting of the Belarus-Pakistan Council"),
    ("in the agro-", "industrial complex", "in the agro-industrial complex"),
    ("technologies for COVID-", "19 vaccines", "technologies for COVID-19 vaccines"),
    ("digital e-", "commerce and trade", "digital e-commerce and trade"),
    ("include nano-", "and biotechnologies", "include nano- and biotechnologies"),
])
def test_hyphen_join(prev, nxt, joined):
    cut, joint, rule, _ = hyphen_join(prev, nxt, "body", _Ctx())
    assert rule == "HY001"
    assert prev[:len(prev) - cut] + joint + nxt == joined


def test_hyphen_join_follows_the_book():
    as_printed = _Ctx(words=["co-operation"], hyphenated=["co-operation"])
    cut, joint, _, _ = hyphen_join("areas of co-", "operation", "body", as_printed)
    assert (cut, joint) == (0, "")
    solid = _Ctx(words=["cooperation"])
    cut, joint, _, _ = hyphen_join("areas of co-", "operation", "body", solid)
    assert (cut, joint) == (1, "")


def test_spaced_dash_is_not_a_hyphen():
    assert hyphen_join("in sectors and regions -", "are involved", "body", _Ctx()) is None


@pytest.mark.parametrize("prev,nxt,joined", [
    ("URL: https://www.belta.by/politics/view/sotrudnichestvo-bylo-i-", "ostaetsja-445159-2021/",
     "URL: https://www.belta.by/politics/view/sotrudnichestvo-bylo-i-ostaetsja-445159-2021/"),
    ("URL: https://vitbichi.by/news/ekonomika/sotrudnichestva_vit", "ebskoy_oblasti/",
     "URL: https://vitbichi.by/news/ekonomika/sotrudnichestva_vitebskoy_oblasti/"),
    ("%D0%9F%D0%B0%D1%80%D1%82%D0%BD%D0%B5%D", "1%80%D1%8B%20%D0%B2.pdf",
     "%D0%9F%D0%B0%D1%80%D1%82%D0%BD%D0%B5%D1%80%D1%8B%20%D0%B2.pdf"),
    ("URL: https://www.belta.by/economics/view/v-", "2023/", "URL: https://www.belta.by/economics/view/v-2023/"),
])
def test_url_join(prev, nxt, joined):
    cut, joint, rule, _ = url_join(prev, nxt, "note", None)
    assert rule == "UR001"
    assert prev[:len(prev) - cut] + joint + nxt == joined


@pytest.mark.parametrize("prev,nxt", [
    ("the portal https://www.vitbichi.by/news/", "and other regional newspapers"),
    ("- 2021. - URL:", "https://www.belta.by/x/"),
    ("URL: https://a.by/view/vyjti-na-", "https://eec.eaeunion.org/news/x/"),
    ("an ordinary line of text that ends", "and goes on"),
    ("URL: https://www.belta.by/regions/view/v-kazahstane-528774-2022/", "technology."),
])
def test_url_join_leaves_a_space(prev, nxt):
    assert url_join(prev, nxt, "note", None) is None


def test_joiner_filters_only_spare_calls():
    """A joiner registered with `last_chars` is asked only at line ends with those characters,
    one with `input_kinds` only for those inputs; the others are asked everywhere."""
    from cleaner.layout.plan import JOINERS
    by_name = {j.decide.__name__: j for j in JOINERS}
    assert by_name["hyphen_join"].last_chars == frozenset("-\u2013\u2014")
    assert by_name["_markdown_joint"].input_kinds == frozenset({"markdown"})
    assert by_name["url_join"].last_chars is None and by_name["url_join"].input_kinds is None
    assert JOINERS[0].decide.__name__ == "_markdown_joint"  # registered first: asked before the others


def test_single_spaced_book_of_short_paragraphs_is_not_read_as_double_spaced():
    """Paragraphs of two long lines set apart by empty lines: each line before an empty line
    ends a sentence, so the empty lines are paragraph breaks, not double spacing (read as
    double spacing, the first line of each paragraph was taken for a footnote fragment)."""
    first = "The regional council approved the plan for the new river port on Monday, and the"
    second = "ministry said the first berths would open to grain and timber barges next spring."
    paragraphs = [f"{first}\n{second.replace('spring', season)}" for season in
                  ("spring", "summer", "autumn", "winter", "March", "April", "May", "June", "July", "August")]
    text = "\n\n".join(paragraphs) + "\n"
    result = clean_book(text)
    assert not [c for c in result.changes if c.rule == "LY005"]
    assert result.text == "\n\n".join(p.replace("\n", " ") for p in paragraphs) + "\n"


INDENTED_TEXTS = {
    "dialogue": '   The coach reached the inn after dark and the driver went inside.\n   "Is there a room?" asked '
                'the man.\n   "There is always a room," said she.\n   The man laughed and sat down by the fire.\n',
    "verse": "She copied out a verse for them:\n\n    The tide comes in, the tide goes out,\n    The gulls fly "
             "high and low;\n    And all the while the sailor's wife\n    Sits waiting at the door.\n\nThey "
             "learned it in a morning.\n",
    "table": "Corrections for slope are given below for each angle.\n\nSlope     Correction\n  2         0.061 m\n"
             "  5         0.381 m\n\nThe end.\n",
    "title-and-heading": "A Short History of Beekeeping\n\nIntroduction\n\nPeople have kept bees for at least nine "
                         "thousand years, and\nthe earliest evidence comes from Anatolia.\n",
}


@pytest.mark.parametrize("name", sorted(INDENTED_TEXTS))
def test_indented_or_short_lines_are_never_taken_for_footnote_fragments(name):
    """pdftotext marks a page's first line with one leading space; a deeper indent (a paragraph,
    a verse, a table row) or a title in a short text is body text: every word stays."""
    text = INDENTED_TEXTS[name]
    result = clean_book(text)
    assert not [c for c in result.changes if c.rule == "LY005"]
    assert "".join(result.text.replace("# ", "").split()) == "".join(text.split())  # every character kept, in order


def test_a_book_that_indents_paragraphs_gets_one_block_per_paragraph():
    result = clean_book(INDENTED_TEXTS["dialogue"])
    assert result.text == ('The coach reached the inn after dark and the driver went inside.\n\n"Is there a room?" '
                           'asked the man.\n\n"There is always a room," said she.\n\nThe man laughed and sat down '
                           'by the fire.\n')


@pytest.mark.parametrize("number", ["{k}", "- {k} -", "\u2014 {k} \u2014", "Page {k}"])
def test_page_numbers_in_common_printed_forms(number):
    text = ""
    for k, (who, end) in enumerate([("council", "go ahead without delay."), ("board", "wait for the spring."),
                                    ("panel", "be put to a vote."), ("court", "be funded by the city.")], 11):
        text += (f"The {who} met on Monday to discuss the new port, and the members agreed that the plan was "
                 f"sound and\nshould {end}\n\n\n{number.format(k=k)}\n\f")
    result = clean_book(text)
    assert [c.rule for c in result.changes].count("LY001") == 4
    assert result.text.count("\n\n") == 3 and "sound and should" in result.text and "11" not in result.text


@pytest.mark.parametrize("text,out", [
    ("The first paragraph ends here.\n\nPage 14\n\nThe second page starts a new paragraph.\n\nPage 15\n",
     "The first paragraph ends here.\n\nThe second page starts a new paragraph.\n"),
    ("A word\u00b9 and more.\n\n\u00b9 A note.\n", "A word[^1] and more.\n\n[^1]: A note.\n"),
])
def test_one_line_paragraphs_with_page_numbers_are_an_extraction_not_clean_text(text, out):
    """Blocks of one line each look like clean text, but a printed page number (`Page 14`) or a
    note printed with a superscript number is something no clean text has."""
    assert detect_kind(text) == "pdftotext"
    assert clean_book(text).text == out


def test_a_numbered_running_head_on_three_pages_is_furniture():
    text = ""
    for k, (who, end) in enumerate([("council", "go ahead without delay."), ("board", "wait for the spring."),
                                    ("panel", "be put to a vote.")], 15):
        text += (f"{k} GLASS IN THE ANCIENT WORLD\n\nThe {who} met on Monday to discuss the new port, and the "
                 f"members agreed that the plan was sound and\nshould {end}\n\f")
    result = clean_book(text)
    assert [c.rule for c in result.changes].count("LY003") == 3
    assert "GLASS" not in result.text and result.text.count("\n\n") == 2


def test_superscript_notes_numbered_per_page_count_on_through_the_book():
    pages = [("The caravans carried tea from Fujian to Moscow on a journey of many months.", "p. 47."),
             ("The tea that reached Moscow was said to taste better than tea shipped by sea.", "p. 112."),
             ("The trade ended when the railway opened in the year the line was finished.", "p. 130.")]
    text = "".join(f"{body}\u00b9\nIt is hard to say.\n\n\u00b9 Avery, The Tea Road, {page}\n\n{k}\n\f"
                   for k, (body, page) in enumerate(pages, 12))
    out = clean_book(text).text
    assert out == ("".join(f"{body}[^{k}] It is hard to say.\n\n" for k, (body, _) in enumerate(pages, 1))
                   + "\n\n".join(f"[^{k}]: Avery, The Tea Road, {page}" for k, (_, page) in enumerate(pages, 1))
                   + "\n")


def test_a_numbered_title_with_its_name_on_the_next_line_is_one_heading():
    body = ("The harbour at Bergen was built in the twelfth century by merchants of the Hanseatic League, who\n"
            "controlled the trade in dried fish for four hundred years and left their warehouses on the quay.\n")
    text = ("Chapter 1\nThe Old Quays\n\n" + body + "\n\f2\n\nChapter 2\nThe New Port\n\n"
            + body.replace("Bergen", "Oslo"))
    out = clean_book(text).text
    assert out.split("\n\n")[0] == "# Chapter 1 The Old Quays"
    assert "\n\n# Chapter 2 The New Port\n\n" in out
