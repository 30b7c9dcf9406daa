"""Reading HTML pages: Trafilatura's main text, the clutter filter, metadata, deep nesting."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import trafilatura

from pipeline.content.html_content import MAX_DEPTH, flatten, read_html, too_deep

BODY = [
    "Norway will send two more NASAMS air defence systems to Ukraine, the defence ministry in "
    "Oslo said on Monday, as Kyiv braces for a winter of Russian missile strikes.",
    "The systems come from Norwegian army stocks and will be delivered before the end of the "
    "year together with several hundred missiles, the ministry said in a statement.",
    "“Ukraine's cities need protection now,” the defence minister told reporters in Oslo.",
    "Russia's embassy in Oslo called the delivery a provocation.",
    "The missiles will come from US stocks, the ministry said, and will be replaced later.",
    "Norway has given Ukraine about 15 billion kroner of military aid since 2022, according to "
    "the government, more than most allies of its size.",
]

STANDFIRST = "The systems will protect Ukrainian cities this winter, the minister says"
CLUTTER = {
    "donation": "<p>Your support helps us to tell the story. Donate today.</p>",
    "donation-box": ('<div class="box"><h4>Journalism that holds power to account</h4>'
                     "<p>Readers like you make our reporting possible.</p></div>"),
    "newsletter": "<p>Sign up for our daily newsletter</p>",
    "read-more": "<p>Read more: Sweden weighs sending fighter jets to Kyiv</p>",
    "image-credit": "<p>Photo: Example Agency/Kari Nordmann</p>",
    "advert": "<p>Advertisement</p>",
}


def page(body: list[str], inline: list[str], *, date: str | None = "2025-10-06") -> str:
    """A news page with navigation, the body paragraphs and clutter between them."""
    paragraphs = []
    for i, text in enumerate(body):
        paragraphs.append(f"<p>{text}</p>")
        if i < len(inline):
            paragraphs.append(inline[i])
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return f"""<!DOCTYPE html><html lang="en"><head>
<title>Norway sends Ukraine two more NASAMS systems | The Fjord Example</title>
<meta property="og:title" content="Norway sends Ukraine two more NASAMS systems">
<meta property="og:site_name" content="The Fjord Example">
<meta name="author" content="Ingrid Hansen">
<meta name="description" content="{STANDFIRST}.">
<link rel="canonical" href="https://fjord.example/news/norway-nasams-ukraine">
{meta}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Norway sends Ukraine two more NASAMS systems</h1>
<p class="standfirst">{STANDFIRST}</p><p class="byline">By Ingrid Hansen</p>
{''.join(paragraphs)}</article>
<footer><p>© 2025 The Fjord Example. All rights reserved.</p></footer></body></html>"""


@pytest.fixture(scope="module")
def article():
    content = read_html(page(BODY, list(CLUTTER.values())), encoding="utf-8")
    assert content is not None
    return content


@pytest.mark.parametrize("sentence", BODY, ids=[f"body-{i}" for i in range(len(BODY))])
def test_body_sentences_are_kept(article, sentence: str) -> None:
    assert sentence in article.text.split("\n")


@pytest.mark.parametrize("snippet", CLUTTER.values(), ids=CLUTTER.keys())
def test_inline_clutter_is_removed(article, snippet: str) -> None:
    for text in re.findall(r">([^<>]+)<", snippet):
        assert text not in article.text


@pytest.mark.parametrize("line", [
    "Norway sends Ukraine two more NASAMS systems", STANDFIRST, "By Ingrid Hansen"],
    ids=["headline", "standfirst", "byline"])
def test_header_lines_are_not_body_text(article, line: str) -> None:
    assert line not in article.text.split("\n")


def test_metadata(article) -> None:
    assert article.title == "Norway sends Ukraine two more NASAMS systems"
    assert article.standfirst == STANDFIRST + "."
    assert article.author == "Ingrid Hansen"
    assert article.published == dt.date(2025, 10, 6)
    assert article.site == "The Fjord Example"
    assert article.url == "https://fjord.example/news/norway-nasams-ukraine"
    assert article.kind == "html"


def test_no_date_gives_no_publication_date() -> None:
    content = read_html(page(BODY, [], date=None), encoding="utf-8")
    assert content is not None
    assert content.published is None


@pytest.mark.parametrize("depth", [300, 1000, 5000])
def test_article_nested_deeper_than_lxml_allows_is_extracted(depth: int) -> None:
    html = page(BODY, [])
    wrapped = html.replace("<article>", '<div class="wrap">' * depth + "<article>").replace(
        "</article>", "</article>" + "</div>" * depth)
    content = read_html(wrapped, encoding="utf-8")
    assert content is not None
    assert all(sentence in content.text for sentence in BODY)


def test_deep_nesting_with_text_at_every_level_is_flattened() -> None:
    levels = "".join(f'<div class="l{i}"><span>level {i}</span>' for i in range(400))
    html = page(BODY, []).replace("<article>", levels + "<article>").replace(
        "</article>", "</article>" + "</div>" * 400)
    assert not too_deep(trafilatura.load_html(flatten(html)))
    content = read_html(html, encoding="utf-8")
    assert content is not None
    assert BODY[0] in content.text


@pytest.mark.parametrize(("levels", "expected"), [
    (MAX_DEPTH - 10, False), (MAX_DEPTH + 10, True), (1000, True)],
    ids=["below", "above", "beyond-lxml-limit"])
def test_too_deep_measures_the_parsed_nesting(levels: int, expected: bool) -> None:
    html = f"<html><body>{'<div>' * levels}text{'</div>' * levels}</body></html>"
    assert too_deep(trafilatura.load_html(html)) is expected


def test_shallow_page_is_left_alone() -> None:
    html = page(BODY, [])
    assert flatten(html) == html


@pytest.mark.parametrize("html", [
    "",
    "<html><head><script>var tracking = 1;</script></head><body></body></html>",
    "<html><body><script>document.write('hello')</script><style>p {}</style></body></html>",
], ids=["empty", "script-head", "script-body"])
def test_page_without_text_gives_none(html: str) -> None:
    assert read_html(html, encoding="utf-8") is None


def test_all_boilerplate_page_keeps_metadata_but_no_text() -> None:
    html = ("<html><head><title>Arms fair opens</title>"
            '<meta property="article:published_time" content="2025-03-02"></head>'
            "<body><p>Advertisement</p><p>Comments</p></body></html>")
    content = read_html(html, encoding="utf-8")
    assert content is not None and content.text == ""
    assert content.title == "Arms fair opens"


def test_bulky_script_style_and_data_uri_do_not_hide_the_article() -> None:
    bulky = (f"<script>var state = '{'x' * 11_000_000}';</script>"
             f"<style>{'.c{color:red}' * 100_000}</style>"
             f'<script type="application/ld+json">{{"author": "Ingrid Hansen"}}</script>')
    html = page(BODY, []).replace("</head>", bulky + "</head>").replace(
        "<article>", f'<img src="data:image/png;base64,{"A" * 2_000_000}"><article>')
    content = read_html(html, encoding="utf-8")
    assert content is not None
    assert BODY[0] in content.text


def test_deeply_nested_layout_tables_are_flattened() -> None:
    html = page(BODY, []).replace("<article>", "<table><tr><td>" * 3000 + "<article>").replace(
        "</article>", "</article>" + "</td></tr></table>" * 3000)
    content = read_html(html, encoding="utf-8")
    assert content is not None
    assert BODY[-1] in content.text


@pytest.mark.parametrize(("fillers", "fast_default"), [(100, False), (8_000, True)],
                         ids=["small-page", "large-page"])
def test_default_pass_skips_the_fallbacks_only_on_large_pages(
        monkeypatch: pytest.MonkeyPatch, fillers: int, fast_default: bool) -> None:
    calls: list[dict] = []
    extract = trafilatura.bare_extraction

    def recording(*args, **kwargs):
        calls.append(kwargs)
        return extract(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", recording)
    filler = "<div class='x'><span>filler text here</span></div>\n" * fillers
    html = (f"<html><body><article><p>{BODY[0]}</p></article>{filler}</body></html>")
    content = read_html(html, encoding="utf-8")
    assert content is not None and BODY[0] in content.text
    precise, default = calls  # the short precise text calls for the default pass
    assert precise["favor_precision"] and precise["fast"]
    assert not default.get("favor_precision") and default["fast"] is fast_default
