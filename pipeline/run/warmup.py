"""Two warm-up documents (a page and a text dump) and the run through every stage that
makes an extractor pay its first-use costs (Trafilatura, jusText, dateparser, the model) once,
in the fork server (`pipeline.run.preload`), before it forks any extractor."""

from __future__ import annotations

from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.content.language import load_classifier
from pipeline.extract import extract_document
from pipeline.settings import Settings, default_model

WARM_UP_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Tanks for Ukraine</title>
<meta property="og:title" content="Tanks for Ukraine"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-04T10:00:00Z">
<link rel="canonical" href="https://news.example.org/2025/03/04/tanks-for-ukraine"></head>
<body><header><a href="/">Home</a></header><article><h1>Tanks for Ukraine</h1>
<p>By Jane Doe | 4 March 2025</p><p>Germany sent tanks to Ukraine, officials said.</p>
<p>More will follow in the spring, a spokeswoman told reporters in Berlin.</p>
<p>Sign up for our newsletter.</p></article><footer>Copyright 2025</footer></body></html>"""
# a page this short takes Trafilatura's fallbacks (readability, jusText); the dump has claims
WARM_UP_DUMP = "\n".join([
    "Tanks for Ukraine", "", "By Jane Doe", "4 March 2025", "",
    "Germany delivered 14 Leopard 2 tanks and about 3,000 155mm shells to Ukraine last month, "
    "the defence ministry in Berlin said on Tuesday. \u201cMore will follow,\u201d a "
    "spokeswoman told reporters, according to the news agency dpa.",
    "", "Support our journalism. Donate now.", ""]).encode()


def warm_up(model: str | None = None) -> None:
    """Load everything an extractor needs (the spaCy `model`, default: `default_model()`) and
    run the warm-up documents through it."""
    nlp = shared_pipeline(model or default_model())
    load_classifier()
    for document in (WARM_UP_PAGE, WARM_UP_DUMP):
        extract_document(document, Settings(), lambda: nlp)
