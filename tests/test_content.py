"""`extract_content`: the interface the ingest spine calls, for both kinds of document."""

from __future__ import annotations

import pytest

from pipeline.content import extract_content

ENGLISH = ("Turkey delivered six combat drones to Niger on Monday, the military government said "
           "in a statement read on state television.")
GERMAN = ("Deutschland hat der Ukraine zwei weitere Luftverteidigungssysteme übergeben, teilte "
          "das Verteidigungsministerium in Berlin am Donnerstag mit.")
FRENCH = ("La France a accepté de vendre dix-huit canons Caesar supplémentaires à l'Arménie, a "
          "annoncé mercredi le ministère des armées à Paris.")


def html_page(paragraph: str, lang: str) -> str:
    return (f'<html lang="{lang}"><head><title>News</title></head><body><article>'
            f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>")


@pytest.mark.parametrize(("paragraph", "code"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr")],
                         ids=["en", "de", "fr"])
def test_language_is_detected_for_text_dumps(paragraph: str, code: str) -> None:
    content = extract_content(f"Headline of the story here\n\n{paragraph}\n", kind="text",
                              encoding="utf-8")
    assert content is not None
    assert content.language == code
    assert paragraph in content.text


@pytest.mark.parametrize(("paragraph", "code"), [(ENGLISH, "en"), (GERMAN, "de")],
                         ids=["en", "de"])
def test_language_is_detected_for_html(paragraph: str, code: str) -> None:
    content = extract_content(html_page(paragraph, code), kind="html", encoding="utf-8")
    assert content is not None
    assert content.language == code


def test_encoding_and_url_are_recorded() -> None:
    content = extract_content(f"Headline of the story here\n\n{ENGLISH}\n", kind="text",
                              encoding="windows-1252", url="https://example.org/a")
    assert content.encoding == "windows-1252"
    assert content.url == "https://example.org/a"
    assert content.kind == "text"


@pytest.mark.parametrize(("text", "kind"), [
    ("", "text"),
    ("Advertisement\n\nSign up for our newsletter\n", "text"),
    ("<html><body><script>var a = 1;</script></body></html>", "html"),
], ids=["empty-text", "clutter-text", "script-html"])
def test_no_article_gives_none(text: str, kind: str) -> None:
    assert extract_content(text, kind=kind, encoding="utf-8") is None


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="kind"):
        extract_content("text", kind="pdf", encoding="utf-8")
