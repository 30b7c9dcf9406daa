"""Page metadata: what Trafilatura's `extract_metadata` finds, field for field, on the fixture
pages and on pages made to exercise each source (meta tags, JSON-LD, markup, URL); the author in
the markup as its `extract_author` finds it, on pages made to exercise each of its searches."""

from __future__ import annotations

import gzip

import pytest
import trafilatura
from conftest import FIXTURES
from trafilatura.metadata import extract_author, extract_metadata

from pipeline.content.html_metadata import page_author, page_metadata

FIELDS = ("title", "description", "author", "url", "date", "sitename")
MADE = {
    "meta-tags": """<html><head><title>Tanks | Example News</title>
<meta property="og:title" content="Germany sends tanks"><meta name="author" content="Jane Doe">
<meta property="og:site_name" content="example news">
<meta name="description" content="More tanks.">
<meta property="article:published_time" content="2025-03-04"></head>
<body><article><p>Germany sent tanks to Ukraine, officials said on Tuesday.</p></article>
</body></html>""",
    "json-ld": """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
"@type": "NewsArticle", "headline": "Jets for India", "datePublished": "2025-04-17",
"author": [{"@type": "Person", "name": "Ravi Menon"}], "publisher": {"@type": "Organization",
"name": "Example Times"}}</script></head><body><article><p>France will deliver jets.</p>
</article></body></html>""",
    "markup-and-url": """<html><head><link rel="canonical" href="https://www.example.org/a/b">
</head><body><h1>Troops for Lithuania</h1><p class="byline">By Tomas Kairys</p>
<time datetime="2025-05-02">2 May 2025</time><p>A brigade will move to Lithuania.</p>
</body></html>""",
}


def _pages() -> list[tuple[str, str]]:
    pages = list(MADE.items())
    for path in sorted(FIXTURES.iterdir()):
        if ".htm" in path.name:
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            pages.append((path.name, data.decode("utf-8", errors="replace")))
    return pages


@pytest.mark.parametrize(("name", "html"), _pages(), ids=[name for name, _ in _pages()])
def test_metadata_is_trafilaturas(name: str, html: str) -> None:
    ours = page_metadata(trafilatura.load_html(html), None)
    theirs = extract_metadata(trafilatura.load_html(html))
    assert {f: getattr(ours, f) for f in FIELDS} == {f: getattr(theirs, f) for f in FIELDS}
    if name in MADE:
        assert ours.title and ours.date  # each made page exercises a source


AUTHORS = {  # page body -> the author Trafilatura finds there
    "specific": ('<div><span class="author-name">Jane Doe</span></div>', "Jane Doe"),
    "author-tag": ("<author>Jane Doe</author>", "Jane Doe"),
    "generic": ('<p class="byline">By Tomas Kairys</p>', "Tomas Kairys"),
    "itemprop": ('<div itemprop="author"><span>Ravi Menon</span></div>', "Ravi Menon"),
    "any-element": ('<section id="Author">Ravi Menon</section>', "Ravi Menon"),
    "specific-first": ('<p class="byline">By Al Smith</p><a rel="author">Jane Doe</a>',
                       "Jane Doe"),
    "in-a-sidebar": ('<div class="sidebar"><p class="byline">By Ad Person</p></div>'
                     '<p class="byline">By Real Writer</p>', "Real Writer"),
    "too-long": ('<p class="byline">' + "word " * 30 + '</p><span class="writer">Al Smith'
                 "</span>", "Al Smith"),
    "time-inside": ('<p class="byline">By Jane Doe<time>4 May</time> in Kyiv</p>',
                    "Jane Doe"),
    "rel-element": ('<div class="author"><rel>me</rel>Jane Doe</div>', "Me Jane Doe"),
    "none": ('<div class="authority">x</div><p>No byline here.</p>', None),
}


@pytest.mark.parametrize(("body", "author"), AUTHORS.values(), ids=AUTHORS.keys())
def test_author_in_the_markup_is_trafilaturas(body: str, author: str | None) -> None:
    tree = trafilatura.load_html(f"<html><body><article>{body}<p>Germany sent tanks to "
                                 "Ukraine, officials said on Tuesday.</p></article></body></html>")
    assert extract_author(tree) == author  # the page exercises the search it is named after
    assert page_author(tree) == author


@pytest.mark.parametrize(("name", "html"), _pages(), ids=[name for name, _ in _pages()])
def test_author_on_fixture_pages_is_trafilaturas(name: str, html: str) -> None:
    tree = trafilatura.load_html(html)
    assert page_author(tree) == extract_author(tree)
