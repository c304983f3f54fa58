"""DW006 flags traces of displaced plain words only in a book where formatted spans were displaced."""
import cleaner

BOOK = ("Two plants opened in district. A line of**Oakdale** tiles started. The plan was finalized.as a first step.\n\n"
        "Later the in **Elmford** region 2023 a mill was built by partners**Rivera** .\n\n"
        "Work on the quite a long time market went on by**Northam** .\n")


def _dw006(text):
    return [f for f in cleaner.clean_book(text).stats.get("flags", []) if f["rule"] == "DW006"]


def test_traces_flagged_in_displacing_book():
    msgs = " ".join(f["message"] for f in _dw006(BOOK))
    assert "finalized.as" in msgs and "the quite" in msgs


def test_no_flags_in_ordinary_book():
    assert _dw006("The plan was finalized.as a first step, and work started in the spring.\n") == []


def _dw003(text):
    return [c.after.strip() for c in cleaner.clean_book(text).changes if c.rule == "DW003"]


def test_spans_sharing_a_sentence_with_a_glued_span_are_flagged():
    # `**In Harbor Yards**` is out of place by its own shape; `**Lake County**`, anchored after
    # `of`, shares its sentence and is flagged too
    text = ("Talks were held with the regional <sup>4</sup>**In Harbor Yards** on joint courses and a new "
            "centre in program of **Lake County**, where students could learn.\n")
    assert _dw003(text) == ["In Harbor Yards", "Lake County"]


def test_spans_of_a_sentence_with_a_moved_span_are_not_flagged():
    text = ("Three schools were opened in district. The largest one is a modern college of**Oakdale** "
            "arts and crafts, built with **Elmford Mills** and **Rivera Group**.\n")
    assert _dw003(text) == []


def test_span_in_a_sentence_with_a_subjectless_verb_is_flagged_but_not_the_district_name():
    text = ("In the **Northam** district, mastered the production of large tiles of **Stonebrook Works** "
            "has the same quality as imported ones.\n")
    assert _dw003(text) == ["Stonebrook Works"]


def test_order_to_without_in_is_a_trace():
    book = BOOK + "\nThe partners expanded exports to the regional market order to strengthen supplies.\n"
    assert any("order to" in f["message"] for f in _dw006(book))
    assert not any("order to" in f["message"]
                   for f in _dw006(BOOK + "\nThe partners expanded exports in order to strengthen supplies.\n"))
