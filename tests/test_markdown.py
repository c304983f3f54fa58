"""Markdown-converter input: the layout analyzer (cleaner/layout/markdown.py) and the MD/DW rules."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner import clean_book
from cleaner.engine import replay
from cleaner.layout import detect_kind

# A small converter book: cover text, title page, imprint, contents, two pages of a chapter with
# footnotes after each page's `---`, a paragraph cut by the page break, a footnote URL whose tail
# went to the next footnote zone, a reference left as a bare number, the footer, the literature
# list with a URL tail on its own block, and the advertising pages.
BOOK = """

## New frontiers of partnership

Import substitution is an indispensable element of the development of industries.



**Boris Zalesskij**

FOR AUTHOR USE ONLY

## **Imprint**

Any brand names and product names mentioned in this book are subject to trademark protection.

**ISBN: 978-620-8-72366-8**

## Table of contents

Strong regions are the future of the country.....\t3
A year of breakthrough solutions .....\t19
Literature .....\t100

## Strong regions are the future of the country

In December 2024, a field meeting reviewed the progress of the initiative.<sup>1</sup>

For example, in alone, **Minsk** region 16 projects worth over \\$170 million have been implemented" .<sup>2</sup>

Two projects were implemented in district. The first one - "Creation of production of a new generation of**Borisov** automotive components for promising models of passenger cars,

---

<sup>1</sup> Kochanova: for the development of regions [Electronic resource]. - 2024. - URL: <https://belta.by/society/view/kochanova-683617-2024/>

<sup>2</sup> From auto components to candy [Electronic resource]. - 2025. - URL: <https://belta.by/regions/view/ot-avtokomponentov->



commercial vehicles, trucks and special-purpose machinery" - is included in the State Program.<sup>3</sup>

The possibility of participation is also being discussed with the organizers in Uganda<sup>4</sup>".

5

FOR AUTHOR USE ONLY

---

[do-konfet-690163-2025/](https://belta.by/economics/view/do-konfet-690163-2025/)

<sup>3</sup> Zalessky, B. From programs to concrete projects / Boris Zalessky. - LAP LAMBERT Academic Publishing, 2024. - C. 49.

<sup>4</sup> Belarus and Uganda [Electronic resource]. - 2024. - URL: [https://belta.by/a/news\\\\_mfa/](https://belta.by/a/news_mfa/)

<sup>5</sup> Exports to Africa [Electronic resource]. - 2024. - URL: <https://belta.by/b-2024/>

## Literature

1. Kochanova: behind the development of regions [Electronic resource]. - 2024. - URL: <https://belta.by/society/view/kochanova->

[za-razvitiem-683617-2024/](#)

2. From auto components to candy [Electronic resource]. - 2025. - URL:

<https://belta.by/regions/view/ot-avtokomponentov-690163-2025/>

3. Zalessky, B. From programs to concrete projects / Boris Zalessky. - LAP LAMBERT Academic Publishing, 2024. - 96 c.

FOR AUTHOR USE ONLY

**More  
Books!**

yes  
**I want morebooks!**

Buy your books fast and straightforward online - at one of world's fastest growing online book stores!

**[www.morebooks.shop](http://www.morebooks.shop)**

FOR AUTHOR USE ONLY"""

EXPECTED = """# Strong regions are the future of the country

In December 2024, a field meeting reviewed the progress of the initiative.[^1]

For example, in Minsk region alone, 16 projects worth over $170 million have been implemented".[^2]

Two projects were implemented in Borisov district. The first one - "Creation of production of a new generation of automotive components for promising models of passenger cars, commercial vehicles, trucks and special-purpose machinery" - is included in the State Program.[^3]

The possibility of participation is also being discussed with the organizers in Uganda[^4]".[^5]

# Literature

1. Kochanova: behind the development of regions [Electronic resource]. - 2024. - URL: https://belta.by/society/view/kochanova-za-razvitiem-683617-2024/

2. From auto components to candy [Electronic resource]. - 2025. - URL: https://belta.by/regions/view/ot-avtokomponentov-690163-2025/

3. Zalessky, B. From programs to concrete projects / Boris Zalessky. - LAP LAMBERT Academic Publishing, 2024. - 96 p.

[^1]: Kochanova: for the development of regions [Electronic resource]. - 2024. - URL: https://belta.by/society/view/kochanova-683617-2024/

[^2]: From auto components to candy [Electronic resource]. - 2025. - URL: https://belta.by/regions/view/ot-avtokomponentov-do-konfet-690163-2025/

[^3]: Zalessky, B. From programs to concrete projects / Boris Zalessky. - LAP LAMBERT Academic Publishing, 2024. - P. 49.

[^4]: Belarus and Uganda [Electronic resource]. - 2024. - URL: https://belta.by/a/news_mfa/

[^5]: Exports to Africa [Electronic resource]. - 2024. - URL: https://belta.by/b-2024/
"""


@pytest.fixture(scope="module")
def result():
    return clean_book(BOOK)


def test_detected_as_markdown():
    assert detect_kind(BOOK) == "markdown"


def test_whole_book(result):
    assert result.text == EXPECTED


def test_idempotent_and_replayable(result):
    assert clean_book(result.text).text == result.text
    assert replay(BOOK, result.changes) == result.text


def test_layout_decisions_are_logged(result):
    rules = {c.rule for c in result.changes}
    # separators, footer, publisher matter, headings, note labels, page rejoin, bare reference
    assert {"LY002", "LY020", "FN001", "FN002", "LY012", "MD007"} <= rules
    assert rules & {"LY003", "PB001", "PB010"}
    dropped = "".join(c.before for c in result.changes if c.after == "")
    assert "ISBN" in dropped and "Table of contents" in dropped and "morebooks" in dropped


def test_displaced_words_are_logged_as_unsafe(result):
    moves = [c for c in result.changes if c.rule == "DW002"]
    assert moves and all(c.safety == "unsafe" for c in moves)
    assert any("Borisov" in c.after for c in moves)


def test_page_join_only_for_an_unfinished_sentence():
    text = ("First page ends here.<sup>1</sup>\n\n---\n\n<sup>1</sup> Note one.\n\n"
            "Second page starts a paragraph.<sup>2</sup>\n\n---\n\n<sup>2</sup> Note two.\n\n"
            "Third page.<sup>3</sup> and it goes on, \n\n---\n\n<sup>3</sup> Note three.\n\n"
            "continued here.\n")
    out = clean_book(text).text
    blocks = out.split("\n\n")
    assert blocks[0] == "First page ends here.[^1]"
    assert blocks[1] == "Second page starts a paragraph.[^2]"
    assert blocks[2] == "Third page.[^3] and it goes on, continued here."


def test_reference_at_line_start_in_the_body_is_not_a_footnote():
    text = ("Text of the page.<sup>1</sup>\n\n---\n\n<sup>1</sup> Note one.\n\n"
            "exchange trading in sawn timber\" .\n\n<sup>2</sup>This work will be supported.\n\n"
            "---\n\n<sup>2</sup> Note two.\n")
    out = clean_book(text).text
    assert 'timber".[^2]\n\nThis work will be supported.' in out
    assert out.count("[^2]:") == 1


def test_non_markdown_books_untouched_by_md_and_dw():
    # an OCR'd book with a garbled `**` footnote marker and a word that ends in "in"
    text = ("cattle complexes in their country on mutually beneficial terms.\"** . In addition,\n"
            "the parties agreed to a further plan for the origin of goods in 2023.\n")
    result = clean_book(text)
    assert detect_kind(text) != "markdown"
    assert not [c for c in result.changes if c.rule.startswith(("MD", "DW"))]


SEED = Path("/work/shared/seeds/003_2eacce38d86f641c.txt")


@pytest.mark.skipif(not SEED.exists(), reason="seed not available")
def test_seed_book_has_no_markup_left():
    out = clean_book(SEED.read_text(encoding="utf-8")).text
    for leak in ("<sup>", "**", "\\$", "FOR AUTHOR USE ONLY", "](", "<https://"):
        assert leak not in out, leak
    labels = [int(n) for n in re.findall(r"^\[\^(\d+)\]:", out, re.M)]
    assert labels == list(range(1, len(labels) + 1)) and len(labels) >= 180
    refs = set(int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", out))
    assert refs == set(labels)
