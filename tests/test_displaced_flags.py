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
