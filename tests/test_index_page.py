"""An index page of teasers is flagged `index_page`; an article with related links is not."""

from __future__ import annotations

from pipeline.content import extract_content
from pipeline.read import read_document
from pipeline.records import Extraction
from pipeline.settings import Settings

TEASERS = [
    ("Harbour council approves new ferry timetable", "Two early sailings are added in winter."),
    ("Local bakery wins regional prize for rye", "Judges praised the crust and the slow rise."),
    ("Storm closes the coastal road again", "Crews expect to reopen it by Thursday."),
    ("School choir to sing at national festival", "Forty pupils travel to the capital in May."),
    ("Fishing quota talks stall over herring", "Negotiators meet again after the holidays."),
    ("New cycle lane opens along the river", "It links the station with the old town."),
    ("Library extends its opening hours", "Students can study until ten in the evening."),
]
ARTICLE = ("The harbour council voted on Tuesday to add two early ferry sailings to the winter "
           "timetable, after months of complaints from commuters who work on the mainland. "
           "The first boat will now leave at half past five, an hour earlier than before, and a "
           "second early crossing will follow at six.")


def _teasers() -> str:
    return "".join(f'<article><h2><a href="/news/{i}">{h}</a></h2><p>{b}</p></article>'
                   for i, (h, b) in enumerate(TEASERS))


def _page(body: str) -> str:
    return f"<html><head><title>Harbour Daily</title></head><body>{body}</body></html>"


def test_a_page_of_teasers_is_an_index_page() -> None:
    page = _page(f"<h1>Local news</h1>{_teasers()}")
    content = extract_content(page, kind="html", encoding="utf-8")
    assert content is not None and content.index_page
    read = read_document(page.encode(), Settings())
    assert isinstance(read, Extraction) and read.status == "index_page"


def test_an_article_with_related_stories_is_no_index_page() -> None:
    paragraphs = "".join(f"<p>{ARTICLE}</p>" for _ in range(3))
    page = _page(f"<article><h1>Ferries to sail earlier this winter</h1>{paragraphs}</article>"
                 f"<aside><h3>Related stories</h3>{_teasers()}</aside>")
    content = extract_content(page, kind="html", encoding="utf-8")
    assert content is not None and not content.index_page
    assert "two early ferry sailings" in content.text
