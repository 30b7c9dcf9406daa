"""The paragraph clutter classifier: each clutter family is caught, article paragraphs are not."""

from __future__ import annotations

import pytest

from pipeline.content import boilerplate

CLUTTER = [
    ("donation", "Your support helps us to tell the story", "donation_appeal"),
    ("donation-line", "Donate", "donation_appeal"),
    ("payment-once", "Once", "payment_button"),
    ("payment-monthly", "Monthly", "payment_button"),
    ("payment-annual", "Annual", "payment_button"),
    ("payment-continue", "Continue", "payment_button"),
    ("newsletter", "Sign up for our daily newsletter", "newsletter_prompt"),
    ("inbox", "The morning briefing, delivered to your inbox.", "newsletter_prompt"),
    ("notifications", "Stay up to date with notifications from The Daily Example",
     "newsletter_prompt"),
    ("comment-forum", "Join our commenting forum", "comment_prompt"),
    ("comments", "Comments", "comment_prompt"),
    ("related", "Related: Army tests new howitzer near the border", "related_links"),
    ("read-more", "READ MORE: Navy commissions two frigates", "related_links"),
    ("related-heading", "Related stories", "related_links"),
    ("most-popular", "Most read in world news", "most_popular"),
    ("advert", "Advertisement", "advertisement"),
    ("advert-continues", "Story continues below advertisement", "advertisement"),
    ("cookies", "We use cookies to improve your experience.", "cookie_notice"),
    ("share", "Share on Facebook", "share_prompt"),
    ("weather", "Lagos 31°C Partly cloudy", "weather_widget"),
    ("photo-credit", "Photo: Jane Roe/Example Agency", "photo_credit"),
    ("photo-credit-cs", "Přístav za úsvitu. | Foto: Jana Nováková", "photo_credit"),
    ("most-read-es", "Las más leídas", "most_popular"),
    ("related-de-du", "Das könnte Dich auch interessieren:", "related_links"),
    ("related-pl", "Zobacz także", "related_links"),
    ("share-de", "Teilen Sie dies mit:", "share_prompt"),
    ("reply-de", "Schreibe einen Kommentar", "comment_prompt"),
    ("spam-notice-de", "Diese Website verwendet Akismet, um Spam zu reduzieren.", "comment_prompt"),
    ("most-read-de", "Meistgelesene Artikel", "most_popular"),
    ("comment-es", "Enviá tu comentario", "comment_prompt"),
    ("photo-credit-de", "Der Hafen am Morgen (Bild: Hafenamt)", "photo_credit"),
    ("copyright", "© 2025 Example Media Group. All rights reserved.", "legal_footer"),
    ("menu-items", "Subscribe | Log in", "newsletter_prompt"),
    ("read-also-de", "Lesen Sie auch: Warum Flugabwehr so knapp ist", "related_links"),
    ("comments-de", "Kommentare", "comment_prompt"),
    ("advert-fr", "Publicité", "advertisement"),
    ("related-de", "Ähnliche Beiträge", "related_links"),
    ("comment-count-de", "6 Kommentare zu „Neue Panzer für die Brigade“", "comment_count"),
    ("comments-closed-de", "Die Kommentarfunktion ist geschlossen.", "comment_prompt"),
    ("agency-caption", "Soldiers unload a howitzer at the port. Jane Roe / AFP file",
     "photo_credit"),
    ("agency-caption-de", "Panzer auf dem Übungsplatz / picture alliance", "photo_credit"),
    ("stock-picture-de", "Ein Schiff im Hafen (Symbolbild)", "photo_credit"),
    ("never-miss", "Never miss a story from the harbour desk", "newsletter_prompt"),
    ("never-miss-app", "Take the harbour news with you and never miss a tide.",
     "newsletter_prompt"),
    ("makers", "Designed & Developed by", "legal_footer"),
    ("javascript", "Please enable JavaScript to see the map of the harbour.", "browser_notice"),
    ("old-browser", "You are using an outdated browser, so parts of this page may not work.",
     "browser_notice"),
    ("powered-by", "Powered by", "legal_footer"),
    ("archive-counts", "Archives Select Month " + " ".join(
        f"{month} 2024 ({n})" for month, n in [("May", 4), ("April", 7), ("March", 2)] * 12),
     "archive_list"),
]

BODY = [
    ("report", "The defence ministry said on Tuesday it had delivered 12 howitzers."),
    ("short-quote", "“We will respond,” he said."),
    ("quote-with-your", "“Your support matters to us,” the minister told his counterpart."),
    ("declined", "The embassy declined to comment on the report."),
    ("temperature", "Temperatures fell to -20°C overnight as the convoy crossed the border."),
    ("most-popular-in-prose", "The drone is the most popular export of the company this year."),
    ("support-noun", "Support for the aid package has grown in parliament, officials said."),
    ("phrase-inside-word", "The plant will microchip in-house guidance kits, the company said."),
    ("phrase-word-longer", "Paywalled archives hold the old procurement files, he said."),
    ("never-miss-in-prose", "Gunners train daily and never miss a target, the colonel said."),
    ("browser-in-prose", "The navy's old laptops run an outdated browser, the audit said."),
    ("designed-by-in-prose", "The frigate was designed by a state yard, the navy said."),
    ("slash-in-prose", "Output rose to 40 shells a day / AP-style counts aside, he said."),
    ("counts-in-prose", "Kyiv (12), Lviv (4) and Odesa (7) got the first batteries, she said."),
]


@pytest.mark.parametrize(("text", "family"), [c[1:] for c in CLUTTER], ids=[c[0] for c in CLUTTER])
def test_clutter_paragraph_is_recognised(text: str, family: str) -> None:
    assert boilerplate.paragraph_family(text) == family


@pytest.mark.parametrize("text", [b[1] for b in BODY], ids=[b[0] for b in BODY])
def test_article_paragraph_is_not_clutter(text: str) -> None:
    assert boilerplate.paragraph_family(text) is None
    assert boilerplate.label_clutter(["Advertisement", text, "Comments"]) == [
        "advertisement", None, "comment_prompt"]


def test_reader_appeal_counts_words_outside_quotes_only() -> None:
    assert boilerplate.appeal_counts("Your donation allows us to keep reporting.") == (1, 1)
    assert boilerplate.appeal_counts("“We need you,” she said.") == (0, 0)


def test_appeal_sandwiched_between_clutter_joins_the_box() -> None:
    paragraphs = [
        "Your support helps us to tell the story",
        "From the front line to the ministries, we are there when the story breaks.",
        "Your support makes all the difference.",
        "The ministry said the shipment arrived on Monday.",
    ]
    labels = boilerplate.label_clutter(paragraphs)
    assert labels[:3] == ["donation_appeal"] * 3
    assert labels[3] is None


def test_box_is_joined_across_bare_headings() -> None:
    paragraphs = [
        "Your support helps us to tell the story",
        "Independent",
        "From the front line to the ministries, we are there when the story breaks.",
        "Why we ask",
        "Your support makes all the difference.",
        "The ministry said the shipment arrived on Monday.",
    ]
    assert boilerplate.label_clutter(paragraphs) == ["donation_appeal"] * 5 + [None]


def test_many_bare_lines_without_clutter_stay_article_text() -> None:
    paragraphs = ["Germany delivered 18 Leopard 2 tanks to Ukraine.",
                  *["filler text here"] * 20_000, "The ministry confirmed the delivery."]
    assert boilerplate.label_clutter(paragraphs, extracted=True) == [None] * len(paragraphs)


def test_weak_line_inside_a_newsletter_box_joins_it() -> None:
    paragraphs = ["Sign up for The Weekly Brief", "Three stories from the region, every Monday.",
                  "Enter your email", "Officials said the talks would resume."]
    labels = boilerplate.label_clutter(paragraphs, blocks=[1, 2, 3, 4])
    assert labels == ["newsletter_prompt"] * 3 + [None]


def test_reader_addressing_prose_stays_article_text_away_from_a_box() -> None:
    paragraph = "If you want to try it, you can sign in with your usual account."
    assert boilerplate.label_clutter([paragraph], extracted=True) == [None]
    assert boilerplate.label_clutter([paragraph]) == [None]


def test_reader_appeals_beside_a_box_join_it() -> None:
    paragraphs = ["The ministry said the shipment arrived on Monday.",
                  "Support our journalism",
                  "We never charge you to read. If you can, give what you can afford.",
                  "Every month we ask you again, and you answer.",
                  "If you read this far, thank you."]
    labels = boilerplate.label_clutter(paragraphs)
    assert labels == [None, "donation_appeal", boilerplate.APPEAL, boilerplate.APPEAL,
                      boilerplate.APPEAL]


def test_long_how_to_paragraph_beside_a_sign_up_line_stays_article_text() -> None:
    how_to = ("If you only need the maps, you can buy the basic plan for $5 a month; the "
              "bundle with the satellite layer costs $9, and you keep your saved routes when "
              "you upgrade from one to the other.")
    paragraphs = ["Sign up for the mapping service", how_to, "Sign up for the bundle"]
    assert boilerplate.label_clutter(paragraphs)[1] is None


@pytest.mark.parametrize(("text", "expected"), [
    ("https://example.org/news/2025/01/02/story", True),
    ("Home > World > Europe", True),
    ("News | Politics | Sport | Weather", True),
    ("Ports ▪ Ferries ▪ Shipyards ▪ Fishing", True),
    ("The ministry said the deal, worth $1bn, would be signed in May.", False),
], ids=["url", "breadcrumb", "menu", "square-bullets", "sentence"])
def test_link_like_lines(text: str, expected: bool) -> None:
    assert boilerplate.is_link_like(text) is expected


def test_short_paragraph_glued_to_an_advert_marker_stays() -> None:
    paragraphs = ["Advertisement", "Tehran has also begun sending ballistic missiles.",
                  "Advertisement", "The Kremlin has not commented."]
    labels = boilerplate.label_clutter(paragraphs, blocks=[1, 1, 2, 3])
    assert labels == ["advertisement", None, "advertisement", None]


def test_head_lines_shown_again_over_sections_head_them_and_a_menu_copy_is_furniture() -> None:
    long = ("The harbour board said the channel would be dredged again in the spring, after "
            "the storms of the winter pushed sand around the end of the breakwater.")
    toc = ["Why the channel silts", "Taking soundings", "Drawing the new chart"]
    page = [*toc, long, toc[0], long, toc[1], long, toc[2], long, *toc]
    labels = boilerplate.label_clutter(page)
    assert labels[4] is labels[6] is labels[8] is None
    assert labels[:3] == labels[-3:] == [boilerplate.REPEATED] * 3
