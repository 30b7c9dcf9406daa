"""Reading plain-text dumps: body paragraphs kept, clutter dropped, header lines read."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from pipeline.content.dump_header import (
    _bylined_top,
    _marks,
    byline_name,
    header_facts,
    headline_text,
    is_meta,
    site_name,
)
from pipeline.content.figures import chart_lines
from pipeline.content.header_dates import looks_like_date, stated_date
from pipeline.content.textdump import _lines, read_dump

DUMP = """\
Skip to main content
The Harbour Gazette
Valletta 19°C Sunny
Subscribe | Log in

Get breaking news alerts from The Harbour Gazette
Not now
Allow

We use cookies to personalise content. Manage preferences
Accept all

Home > World > Europe

Malta buys four patrol drones from Italy, navy says

The deal is the island's first purchase of armed aircraft since independence

By Maria Vella, Defence Correspondent
Published: 14 March 2025, 09:12 CET
Share on Facebook
Copy link

{lead}

The aircraft will watch over the island's search-and-rescue zone, a spokesman said.

“They will fly every day,” he said.

Beijing condemned the sale.

A drone of the type ordered, at an air show near Rome in 2024.
Photo: Example Agency/John Roe

Advertisement

Related: Navy receives its first offshore patrol vessel

Italy has supplied Malta with patrol boats since the 1990s.

Independent journalism from the islands

We report without a paywall. Your support keeps it that way.

Once
Monthly
Annual
Continue

The drones are due to arrive before the summer.

Read more: How a small navy patrols a big sea

The Morning Brief
Five stories before breakfast, every weekday.
Enter your email
Subscribe

Comments (12)
Join the discussion
Comments are moderated before they appear.

Most popular
1. Ferry timetable changes next month
2. Where to swim this spring

© 2025 The Harbour Gazette Ltd. All rights reserved.
"""

LEAD = ("VALLETTA – Malta has ordered four armed patrol drones from an Italian manufacturer, "
        "the armed forces said on Thursday.")
BODY = [
    LEAD,
    "The aircraft will watch over the island's search-and-rescue zone, a spokesman said.",
    "“They will fly every day,” he said.",
    "Beijing condemned the sale.",
    "Italy has supplied Malta with patrol boats since the 1990s.",
    "The drones are due to arrive before the summer.",
]

CLUTTER = {
    "masthead-weather": "Valletta 19°C Sunny",
    "menu": "Subscribe | Log in",
    "alerts": "Get breaking news alerts",
    "cookies": "We use cookies",
    "cookie-button": "Accept all",
    "breadcrumb": "Home > World",
    "headline": "Malta buys four patrol drones from Italy, navy says",
    "standfirst": "first purchase of armed aircraft",
    "byline": "Maria Vella",
    "share": "Share on Facebook",
    "caption": "A drone of the type ordered",
    "credit": "Photo: Example Agency",
    "advert": "Advertisement",
    "related": "Navy receives its first offshore patrol vessel",
    "donation-heading": "Independent journalism from the islands",
    "donation": "Your support keeps it that way",
    "payment": "Monthly",
    "read-more": "How a small navy patrols",
    "newsletter": "Five stories before breakfast",
    "email": "Enter your email",
    "comments": "Join the discussion",
    "moderation": "Comments are moderated",
    "most-popular": "Ferry timetable",
    "copyright": "All rights reserved",
}


@pytest.fixture(scope="module")
def article():
    content = read_dump(DUMP.format(lead=LEAD), encoding="utf-8")
    assert content is not None
    return content


def test_text_is_the_body_one_paragraph_a_line(article) -> None:
    assert article.text.split("\n") == BODY


@pytest.mark.parametrize("snippet", CLUTTER.values(), ids=CLUTTER.keys())
def test_clutter_is_removed(article, snippet: str) -> None:
    assert snippet not in article.text


def test_header_fields(article) -> None:
    assert article.title == "Malta buys four patrol drones from Italy, navy says"
    assert article.standfirst.startswith("The deal is the island's first purchase")
    assert article.author == "Maria Vella"
    assert article.published == dt.date(2025, 3, 14)
    assert article.site == "The Harbour Gazette"
    assert article.kind == "text"
    assert article.encoding == "utf-8"


def test_dump_without_blank_lines_keeps_short_body_lines() -> None:
    dump = ("Germany sends more air defence systems to Ukraine\n"
            "Germany has delivered two more IRIS-T systems to Ukraine, the defence ministry "
            "in Berlin said on Friday.\n"
            "“Every system protects a city.”\n"
            "Russia condemned the delivery.\n"
            "By Anna Schmidt\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.text.split("\n")[1:] == ["“Every system protects a city.”",
                                            "Russia condemned the delivery."]
    assert content.author == "Anna Schmidt"
    assert content.title == "Germany sends more air defence systems to Ukraine"


@pytest.mark.parametrize("date_line", ["2 hours ago", "Updated yesterday", "March 14", ""],
                         ids=["relative", "yesterday", "no-year", "none"])
def test_no_stated_date_gives_no_publication_date(date_line: str) -> None:
    dump = (f"Poland orders 96 Apache helicopters from the United States\n\n{date_line}\n\n"
            "Poland signed a contract for 96 AH-64E Apache helicopters, the defence ministry "
            "said on Wednesday.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.published is None
    assert "96 AH-64E Apache" in content.text


def test_archive_date_stamp_is_the_publication_date_not_text() -> None:
    dump = (" date 2023-04-06 Chile has handed over two frigates to Peru, the navy said on "
            "Wednesday.\n\nThe ships sailed from Valparaiso last month.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.published == dt.date(2023, 4, 6)
    assert content.text.startswith("Chile has handed over two frigates")
    assert "date 2023" not in content.text


def test_caption_repeated_with_credit_is_dropped() -> None:
    caption = "Soldiers unload a howitzer at a rail yard in eastern Ukraine on 3 May 2024"
    dump = (f"Ukraine receives howitzers\n\nThe army said it had received 18 howitzers.\n\n"
            f"{caption}\n{caption} (Example Agency)\n\nMore are due in June, officials said.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.text == ("The army said it had received 18 howitzers.\n"
                            "More are due in June, officials said.")


def test_embedded_post_signature_stays_in_the_article() -> None:
    dump = ("Coast guard gets new cutters\n\nBy Ana Lopes\n12 March 2025\n\n"
            "The coast guard took delivery of two cutters on Tuesday, the ministry said.\n\n"
            "Both ships are in service now, and more will follow this year.\n"
            "— Coast Guard Press Office (@cg_press) March 11, 2025\n\n"
            "The cutters will patrol the northern fishing grounds, officials said.\n")
    content = read_dump(dump, encoding="utf-8")
    assert "— Coast Guard Press Office (@cg_press) March 11, 2025" in content.text
    assert content.published == dt.date(2025, 3, 12)
    assert "12 March 2025" not in content.text


def test_list_announced_at_the_article_end_is_kept() -> None:
    dump = ("Navy orders patrol boats\n\n12 March 2025\n\n"
            "The navy ordered six patrol boats from a local yard on Tuesday, officials said.\n\n"
            "The contract, worth 80 million euros, covers training and spare parts as well.\n\n"
            "What the boats will carry:\n"
            "a remote weapon station on the foredeck\n"
            "two rigid inflatable boats for boarding teams\n"
            "a small drone launched from the stern\n\n"
            "Share this article\n\n"
            "Related stories\nThe coast guard gets new cutters\nA frigate leaves for the gulf\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.text.endswith("two rigid inflatable boats for boarding teams\n"
                                 "a small drone launched from the stern")
    assert "frigate" not in content.text


def test_closing_list_of_one_shape_is_kept() -> None:
    rows = ["Estonia (North): first order", "Latvia (North): second order",
            "Poland (East): 12th order", "Romania (South): fourth order"]
    dump = ("Who bought the rocket system\n\n12 March 2025\n\n"
            "Four countries have now signed for the rocket launcher, the maker said on "
            "Tuesday, and two more are in talks.\n\nDeliveries start next year, it said.\n\n"
            "Buyers so far\n" + "\n".join(rows) + "\n\nShare this article\n")
    content = read_dump(dump, encoding="utf-8")
    assert all(row in content.text for row in rows)


def test_list_items_closing_in_brackets_are_no_captions() -> None:
    dump = ("Spares for the fleet\n\nThe navy listed the spares it bought this year, a "
            "spokesman said:\n\nTwo rudder motors for the patrol boats (refurbished)\n"
            "A radar mast for the flagship (Originally $40,000)\n\n"
            "The parts arrive in the spring, officials said.\n\n"
            "Sailors load a crate onto a supply ship in port\n(Example Agency)\n")
    content = read_dump(dump, encoding="utf-8")
    assert "Two rudder motors for the patrol boats (refurbished)" in content.text
    assert "A radar mast for the flagship (Originally $40,000)" in content.text
    dump = dump.replace("in port\n(Example", "in port (Example")
    content = read_dump(dump, encoding="utf-8")
    assert "Sailors load" not in content.text


@pytest.mark.parametrize("text", ["", "\n\n", "Advertisement\nComments\nMost popular\n"],
                         ids=["empty", "blank", "all-clutter"])
def test_no_article_gives_none(text: str) -> None:
    assert read_dump(text, encoding="utf-8") is None


@pytest.mark.parametrize(("line", "name"), [
    ("By Jane Doe", "Jane Doe"),
    ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
    ("By Daniel Okafor in Seoul", "Daniel Okafor"),
    ("By Helena Marsh, Security Correspondent", "Helena Marsh"),
    ("Written by Pavel Novák", "Pavel Novák"),
    ("Šárka Dvořáková", "Šárka Dvořáková"),
    ("Jane Doe, Reuters", "Jane Doe"),
    ("Security Correspondent", None),
    ("The ministry said so.", None),
    ("By Tomas Lindqvist | Coastal desk", "Tomas Lindqvist"),
    ("Ana Ferreira, Staff Attorney, Open Courts Project", "Ana Ferreira"),
    ("Ana Ferreira, Open Courts Project in the Port of Leith", None),
    ("Analysis by Omar Haddad, Harbour News Editor-at-large", "Omar Haddad"),
    ("MUST WATCH", None),
    ("Recent Comments", None),
    ("---- by Marta Kowalczyk", "Marta Kowalczyk"),
    ("— By Marta Kowalczyk", "Marta Kowalczyk"),
    ("By Jane Doe on May 3, 2024", "Jane Doe"),
    ("By Ana Lima @alima Nov 19, 2024, 7:53pm EST", "Ana Lima"),
    ("By Ana Lima - 11/19/24 06:56 AM EST", "Ana Lima"),
    ("By Ana Lima Updated Nov 13, 2024, 10:28am EST", "Ana Lima"),
    ("Harbour Case 1", None),
    ("von Lena Brandt", "Lena Brandt"),
    ("VON LENA BRANDT am 21. April 2024", "LENA BRANDT"),
    ("par Claire Morel", "Claire Morel"),
    ("Por qué el puerto cerró", None),
    ("Beitrag teilen", None),
], ids=["by", "two-authors", "place", "role", "written-by", "bare-name", "affiliation",
        "role-only", "sentence", "desk-after-bar", "job-title", "long-affiliation",
        "analysis-by", "label-in-capitals", "interface-words", "dashes-before-by",
        "dash-before-by", "by-on-date", "by-handle-date", "by-dash-date", "by-updated",
        "bare-name-and-number", "von", "von-am-date", "par", "por-question",
        "german-button"])
def test_byline_name(line: str, name: str | None) -> None:
    assert byline_name(line) == name


@pytest.mark.parametrize(("line", "date"), [
    ("Published: 27.02.2025, 10:14", dt.date(2025, 2, 27)),
    ("Kyiv, May 3, 2025 (Saturday)", dt.date(2025, 5, 3)),
    ("Last modified on Thu 21 Nov 2024 10.13 GMT", dt.date(2024, 11, 21)),
    ("Russia and North Korea sign defence pact in Pyongyang on 19 June 2024", None),
    ("Updated 3 hours ago", None),
    ("Sept. 3, 2025", dt.date(2025, 9, 3)),
    ("3-May-2025", dt.date(2025, 5, 3)),
    ("2025/05/03", dt.date(2025, 5, 3)),
    ("now", None),
    ("transition-duration: 0.4s;", None),
    ("Veröffentlicht am 3. März 2024, 14:05 Uhr", dt.date(2024, 3, 3)),
    ("segunda-feira, 22 de janeiro de 2024 às 0:13", dt.date(2024, 1, 22)),
    ("1er mars 2024", dt.date(2024, 3, 1)),
    ("12 febbraio 2024", dt.date(2024, 2, 12)),
    ("3 ноября 2024 г.", dt.date(2024, 11, 3)),
    ("31. Februar 2024", None),
    ("Die Wahl am 3. März 2024 war ein großer Erfolg für alle Parteien", None),
    ("Posted on Oktober 27, 2024 by Admin", dt.date(2024, 10, 27)),
    ("2024.12.01", dt.date(2024, 12, 1)),
], ids=["label-numeric", "place-and-weekday", "modified", "headline-with-date", "relative",
        "abbreviated-month", "hyphenated", "year-first", "now-is-not-today", "css-is-not-today",
        "german", "portuguese-weekday-time", "french-ordinal", "italian", "russian",
        "no-such-day", "german-sentence", "month-first-other-language", "year-first-dotted"])
def test_stated_date(line: str, date: dt.date | None) -> None:
    assert stated_date(line) == date


@pytest.mark.parametrize(("line", "expected"), [
    ("3 May 25", True), ("Tuesday 3rd of May 2025", True), ("Updated: 2025-05-03T10:00Z", True),
    ("03.05.2025", True), ("3 5 2025", True),
    ("He may go", False), ("4 von 17", False), ("Amazon Echo Buds for $130", False),
    ("in a month", False),
], ids=["two-digit-year", "ordinal", "iso", "dotted", "spaced", "verb-may", "score",
        "price", "relative"])
def test_looks_like_date(line: str, expected: bool) -> None:
    assert looks_like_date(line) is expected


def test_date_amid_a_byline_line() -> None:
    stamp = "By Ana Lima - Harbour Correspondent 2024-11-19T12:48:14Z Ports"
    assert header_facts(stamp)[1] == dt.date(2024, 11, 19)
    assert header_facts("Written by Ana Lima, MS, RD on November 14, 2024") == (
        "Ana Lima", dt.date(2024, 11, 14))
    assert stated_date("Harbour Correspondent Ana Lima wrote this on November 14, 2024") is None


def test_byline_and_date_on_one_line() -> None:
    assert header_facts("By Jane Doe | November 20, 2024") == ("Jane Doe", dt.date(2024, 11, 20))
    assert header_facts("October 12, 2024 / 0 Comments / in Harbour News and Port Notices") == (
        None, dt.date(2024, 10, 12))


def test_question_headline_and_agency_credit() -> None:
    dump = ("Will Seoul send weapons to Kyiv?\n\n"
            "South Korea is weighing whether to supply artillery shells to Ukraine, officials "
            "said on Monday.\n\n(Reporting by Jane Doe; Editing by John Roe)\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.title == "Will Seoul send weapons to Kyiv?"
    assert content.text.startswith("South Korea is weighing")
    assert "Reporting by" not in content.text
    assert content.author == "Jane Doe"


@pytest.mark.parametrize(("lines", "site"), [
    (["Stay up to date with notifications from The Daily Example"], "The Daily Example"),
    (["Copyright © 2024 Example Media. All rights reserved."], "Example Media"),
    (["© The Sahel Example 2025"], "The Sahel Example"),
    (["Example Courier s.r.o. © 2025 All rights reserved"], "Example Courier"),
    (["Comments"], None),
], ids=["notifications", "copyright", "copyright-year-after", "name-before-sign", "none"])
def test_site_name_from_page_furniture(lines: list[str], site: str | None) -> None:
    assert site_name(lines) == site


@pytest.mark.parametrize(("line", "headline"), [
    ("Home » Fruit Trees » Citrus » Growing Fig Trees in Pots", "Growing Fig Trees in Pots"),
    ("You are here: Home / Baby / Nurseries / Small Nursery Ideas", "Small Nursery Ideas"),
    ("Home >> Recipes >> Cakes >> Lemon Drizzle Cake", "Lemon Drizzle Cake"),
    ("Sie sind hier: > Neue Fähre für die Inseln", "Neue Fähre für die Inseln"),
    ("Sie sind hier:» Start » Presse » Neue Fähre für die Inseln", "Neue Fähre für die Inseln"),
    ("Jump to RecipePrint Recipe", ""),
    ("Select Language Select Language", ""),
    ("National / Crime & Legal", "National / Crime & Legal"),
    ("Sweden drops its request to extradite the journalist", "Sweden drops its request to "
     "extradite the journalist"),
    ("All languagesCzechDanishDutchEnglishEstonian FinnishFrench", ""),
    ("YouTube and McDonald's sign an advertising deal", "YouTube and McDonald's sign an "
     "advertising deal"),
], ids=["trail", "you-are-here", "double-angle", "label-and-one-part", "label-and-trail",
        "glued-buttons", "buttons", "kicker",
        "headline", "glued-menu", "one-join-a-word"])
def test_headline_text(line: str, headline: str) -> None:
    assert headline_text(line) == headline


def test_headline_is_read_above_the_byline_below_page_menus() -> None:
    dump = ("Close dialogue1/3Next imageView image in fullscreen\n"
            "Open the site menu for more sections here\n"
            "Japan approves export of Patriot missiles to the United States\n"
            "Tokyo loosens its arms export rules to refill American stocks sent to Ukraine\n"
            "Kenji Sato\n"
            "Fri 22 Dec 2023 09.12 GMT\n"
            "Japan will export Patriot missiles to the United States, the government said on "
            "Friday.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.title == "Japan approves export of Patriot missiles to the United States"
    assert content.standfirst.startswith("Tokyo loosens")
    assert content.author == "Kenji Sato"
    assert content.published == dt.date(2023, 12, 22)
    assert content.text == ("Japan will export Patriot missiles to the United States, the "
                            "government said on Friday.")


def test_paragraph_above_a_photo_credit_is_kept_when_blank_lines_do_not_set_it_apart() -> None:
    dump = ("Japan to export Patriot missiles\n"
            "Japan will export Patriot missiles to the United States, officials said.\n"
            "The missiles will replenish American stocks.\n"
            "A Patriot launcher at a base near Tokyo. Photograph: Example Agency\n"
            "Russia warned of consequences, its embassy said.\n")
    content = read_dump(dump, encoding="utf-8")
    assert "The missiles will replenish American stocks." in content.text
    assert "Photograph" not in content.text


def test_byline_under_the_headline_beats_a_name_in_the_menu() -> None:
    dump = ("Follow Us\nWorld\n\nSerbia buys Chinese air defence missiles, officials say\n"
            "By Milan Petrović\n3 June 2025\n\n"
            "Serbia has bought a Chinese medium-range air defence system, the defence ministry "
            "in Belgrade said on Tuesday.\n"
            "The first batteries were flown in on transport aircraft last month, it said.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.title == "Serbia buys Chinese air defence missiles, officials say"
    assert content.author == "Milan Petrović"
    assert content.published == dt.date(2025, 6, 3)


def test_menu_lines_in_the_article_run_do_not_hide_its_headline() -> None:
    """A menu the article's run begins with is passed over, like clutter, when the headline over
    a "By" byline is looked for among the run's first lines."""
    lines = _lines("Fact checks\nRatings\nArticles\nPeople\nSubjects\n"
                   "How much of the harbour's cargo comes by rail?\n\n"
                   "By Ingrid Halvorsen , Tor Berg on Thursday, May 8th, 2025 at 9:40 a.m.\n\n"
                   "The port official told a local radio station that rail now carries half of "
                   "the harbour's cargo, a figure that would double the share of five years ago.\n")
    span = range(len(lines))
    marks = _marks(lines, span, [False] * len(lines))
    top = _bylined_top(lines, span, marks.stated, marks.skip, marks.echo)
    assert top is not None and lines[top].text.startswith("How much of the harbour's cargo")


def test_headline_laid_out_beside_a_button_is_its_longest_cell() -> None:
    dump = ("Navy\nArmy\n\n"
            "Denmark orders two more frigates for Arctic patrols" + " " * 40 + "Home\n"
            "All news\n\nBy Karen Holm\n12 May 2025\n\n"
            "Denmark will buy two more frigates to patrol the waters around Greenland, the "
            "defence ministry said on Monday.\n\n"
            "The frigates are to be built at a yard in Odense and delivered by 2029.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content.title == "Denmark orders two more frigates for Arctic patrols"


def test_long_paragraph_over_a_byline_is_no_standfirst() -> None:
    paragraph = ("The regional council approved the expansion of the northern dry dock on "
                 "Tuesday after a debate that lasted most of the afternoon, and the port "
                 "authority said the first contracts would be signed before the winter. "
                 "Critics on the council argued that the yard had not yet shown it could "
                 "keep to the schedule of its last refit, which ran eleven months late and "
                 "well over its budget, and asked for quarterly reports.")
    dump = (f"Council backs dry dock expansion at the naval yard\n\n{paragraph}\n\n"
            "By Jane Doe on May 3, 2024\n\nComments are closed.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.title == "Council backs dry dock expansion at the naval yard"
    assert paragraph in content.text
    assert content.standfirst is None


def test_name_the_article_is_about_is_no_byline() -> None:
    dump = ("Newsroom\n\nIntroducing Marta Okonjo, New Harbour Master at Port Elling\n\n"
            "Back to all posts\n\n"
            "Port Elling has appointed Marta Okonjo as its harbour master, the port authority "
            "announced on Monday.\n\n"
            "Okonjo spent eleven years running the pilot service of a container terminal.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.title == "Introducing Marta Okonjo, New Harbour Master at Port Elling"
    assert content.author is None


def test_front_page_is_named_by_its_masthead() -> None:
    dump = ("Harbour Watch\n\nHome\nShips\nPorts\nOpinion\n\n"
            "The coast guard took delivery of two patrol boats built at the Elling yard this "
            "week, the first of six ordered last year.\n\n"
            "Dock workers at the southern terminal voted to accept the new pay offer after a "
            "month of talks with the port authority.\n\n"
            "A survey ship left the harbour on Thursday to map the silted approaches to the "
            "naval pier.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.title == "Harbour Watch"
    skipped = read_dump(dump.replace("Harbour Watch", "Skip to content"), encoding="utf-8")
    assert skipped is not None and skipped.title is None


def test_standfirst_in_sentences_stays_in_the_text() -> None:
    standfirst = "The navy will receive six more patrol boats from the Elling yard by 2026."
    dump = ("Harbour Daily\n\nNavy orders six more patrol boats\n\n"
            f"{standfirst}\n\nBy Jane Doe\nMay 3, 2024\n\n"
            "The defence ministry signed the contract on Friday after a year of talks with "
            "the yard, officials said.\n\n"
            "The first of the boats is due to be handed over in the spring.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.title == "Navy orders six more patrol boats"
    assert content.standfirst == standfirst
    assert content.text.split("\n")[0] == standfirst


def test_dump_without_prose_keeps_its_lines_but_menus() -> None:
    dump = ("Home\nShips\nPorts\n\nFleet list\n\nTwo patrol boats, Elling yard, 2024\n\n"
            "Six survey ships on order\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.text.split("\n")[-2:] == ["Two patrol boats, Elling yard, 2024",
                                             "Six survey ships on order"]
    assert "Ships" not in content.text.split("\n")


def test_article_behind_a_paywall_keeps_its_standfirst() -> None:
    standfirst = ("The navy will receive six more patrol boats from the Elling yard by 2026, "
                  "the defence ministry said on Friday after a year of talks.")
    dump = ("Harbour Daily\n\nNavy orders six more patrol boats\n\n"
            f"{standfirst}\n\nMay 3, 2024\nJane Doe\n\n"
            "Read on with a subscription\n\nMonthly\nYearly\nSubscribe\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.text == standfirst


def test_japanese_page_with_latin_debris_is_read_without_a_stoplist() -> None:
    debris = ('<img width=1 height=1 src="http://t.example.jp/b?d=a&d=b&c=d&u=e&d=f&b=g&d=h'
              '&te=i&d=j&d=k&b=l&d=m&c=n&d=o&u=p&d=q&b=r&d=s">')
    body = ["海上自衛隊は３日、新しい哨戒艇２隻を受け取ったと発表した。",
            "２隻は横浜の造船所で建造され、来月から日本海の警備に就く。",
            "防衛省によると、残る４隻は来年までに引き渡される予定だ。"]
    dump = "\n\n".join(["新型哨戒艇２隻を受領", debris, "ニュース\nトピックス\nランキング",
                        *body, "【関連記事】\n護衛艦の新造計画を発表", debris])
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.text.split("\n") == body


def test_comment_counts_in_a_list_of_stories_start_no_thread() -> None:
    teasers = [("Port strike ends after two weeks", "Dock workers voted to return to work on "
                "Monday after the port authority raised its offer, ending a strike that had "
                "kept container ships waiting at anchor for days."),
               ("Ferry fares rise in spring", "The island ferry company will raise fares by a "
                "tenth from April, blaming the price of fuel and the cost of new crews for "
                "its larger ships."),
               ("New lighthouse keeper named", "A retired navy officer will keep the northern "
                "lighthouse, the harbour board said, the first keeper it has named in more "
                "than twenty years of automatic lights."),
               ("Harbour dredging to start in May", "Dredgers will deepen the main channel by "
                "two metres over the summer so that the largest container ships can berth at "
                "the new terminal at any tide."),
               ("Fish market moves to the old quay", "The fish market will open in the "
                "restored warehouses on the old quay next month, after three years in tents "
                "beside the car park of the ferry terminal."),
               ("Sea wall repairs finished early", "Engineers finished rebuilding the storm-"
                "damaged sea wall a month early, and the coastal road below the cliffs will "
                "open to traffic again on Friday morning.")]
    listed = "\n\n".join(f"{head}\n{blurb}\n{n} Comments" for n, (head, blurb)
                         in zip((12, 48, 7, 3, 25, 9), teasers, strict=True))
    body = ["The navy took delivery of two patrol boats built at the Elling yard on Tuesday, "
            "the first of six it ordered last year.",
            "The boats will patrol the northern approaches, the navy said, and the remaining "
            "four are due by the end of next year.",
            "Each boat carries a crew of twelve and can stay at sea for a week."]
    dump = "\n\n".join([listed, "Navy receives two patrol boats", "By Jane Doe", *body,
                        "3 Comments", "Most read\nPort strike ends after two weeks"])
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.text.split("\n") == body


def test_headings_listed_in_a_table_of_contents_do_not_end_the_article() -> None:
    sections = {
        "Why the channel silts": "Every winter the storms push sand around the end of the "
        "breakwater, and by spring the channel is a metre shallower than the charts say.",
        "Taking soundings": "We took soundings every ten metres from a dinghy, with a weighted "
        "line and a hand-held receiver that logged each position as we went.",
        "Drawing the new chart": "Back ashore we plotted the soundings on squared paper and "
        "drew the contours by hand, which took most of a rainy weekend.",
        "What the harbour board did": "The harbour board moved two buoys after seeing the "
        "chart, and the ferry now keeps to the deeper water on the northern side.",
    }
    contents = "\n".join(["Contents", *sections])
    body = "\n\n".join(f"{head}\n\n{text}" for head, text in sections.items())
    dump = (f"Harbour Notes\n\n{contents}\n\nCharting the silted channel\n\n"
            f"By Jane Doe\n\n{body}\n\nShare\nPrint\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert all(text in content.text for text in sections.values())
    assert "What the harbour board did" in content.text.split("\n")


def test_chart_labels_inside_the_article_do_not_part_it() -> None:
    first = ["The navy will spend more on fuel than on new ships by 2027, the budget office "
             "said in its yearly report to parliament on Tuesday.",
             "Fuel costs have risen every year since the fleet began longer patrols in the "
             "northern sea, the report said."]
    chart = ["Navy spending on fuel", "$420", "million", "300", "200", "100", "0",
             *[f"’{year}" for year in range(18, 28)], "By the budget office"]
    second = ["Ministers said the navy would buy two tankers to cut the cost of refuelling "
              "at sea, which it now pays an allied fleet to do.",
              "The first tanker is due to be ordered next year, a spokesman said.",
              "Shipyards in the south have been asked to bid for the contract."]
    dump = "\n\n".join(["Harbour Daily", "Navy fuel bill to pass spending on ships",
                        "By Jane Doe", *first, *chart, *second, "Most read\nFerry fares rise"])
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert all(paragraph in content.text for paragraph in first + second)


def test_page_numbers_and_counts_are_no_chart() -> None:
    pager = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
    counts = ["0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
    for labels in (pager, counts):
        lines = _lines("\n\n".join(["Navy fuel bill to pass spending on ships", *labels]))
        assert not any(chart_lines([line.text for line in lines],
                                   [line.date is not None for line in lines]))


def test_code_listing_inside_the_article_does_not_part_it() -> None:
    first = ["The harbour board keeps its tide readings in a small database, and a short "
             "query is enough to find the days when the water rose higher than usual.",
             "We first compute the mean and the spread of the readings for every month."]
    listing = ["WITH monthly AS (", "SELECT", "month,", "avg(level) AS mean_level,",
               "stddev(level) AS spread", "FROM tide_readings", "GROUP BY month", ")",
               "SELECT", "r.day,", "r.level,", "m.mean_level", "FROM tide_readings r",
               "JOIN monthly m USING (month)", "WHERE r.level > m.mean_level + 2 * m.spread",
               "ORDER BY", "r.level DESC", "LIMIT 20;", "", "day │ level │ mean_level",
               "───┼───────┼───────────", *[f"{day} │ {level} │ 2.1" for day, level
                                          in zip(range(3, 12), range(40, 49), strict=True)]]
    second = ["The query returns eleven days, nine of them in the two stormy winters, which "
              "matches what the harbour master remembered.",
              "A reading on a calm day in June turned out to be a broken gauge.",
              "We removed it and ran the query again before sending the list to the board."]
    dump = "\n\n".join(["Harbour Notes", "Finding unusual tides with a query", "By Jane Doe",
                        *first, "\n".join(listing), *second, "Share\nPrint\nEmail"])
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert all(paragraph in content.text for paragraph in first + second)


def test_short_line_far_above_the_article_does_not_start_it() -> None:
    teasers = ["Ferry fares rise in spring…", "New lighthouse keeper named after twenty…",
               "Dredgers to deepen the main channel by…", "Fish market moves to the old quay",
               "Sea wall repairs finished a month early", "Harbour board elects a new chair",
               "Sponsored", "Top post", "12,500 views"]
    body = ["The navy took delivery of two patrol boats built at the Elling yard on Tuesday, "
            "the first of six it ordered last year.",
            "The boats will patrol the northern approaches, the navy said, and the remaining "
            "four are due by the end of next year."]
    dump = "\n\n".join(["Get our app!\n" + "\n".join(teasers),
                        "Navy receives two patrol boats", "By Jane Doe", *body])
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.text.split("\n") == body


def test_picture_gallery_beside_the_article_is_dropped() -> None:
    body = [f"The navy took delivery of its {n} patrol boat from the Elling yard on Tuesday, "
            "the harbour master said, and the crew will spend the next month on trials in the "
            "northern approaches before the boat joins the fleet." for n in
            ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")]
    captions = [f"{n}/6 Harbour life\n\nA fisherman mends his nets on the old quay at dawn "
                "while the gulls wait for the first boats of the day to come in with their "
                "catch, as they have every morning for as long as anyone in the harbour can "
                "remember, whatever the weather and the season.\n\nPhoto Agency"
                for n in range(1, 7)]
    dump = "\n\n".join(["Navy receives patrol boats", "By Jane Doe", *body[:4],
                        "Harbour life in pictures", *captions, *body[4:]])
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert all(paragraph in content.text for paragraph in body[:4])
    assert "fisherman" not in content.text


def test_slideshow_with_no_article_beside_it_keeps_its_captions() -> None:
    captions = [f"{n}/4 Harbour life\n\nA fisherman mends his nets on the old quay at dawn "
                "while the gulls wait for the first boats of the day to come in with their "
                "catch, as they have every morning for as long as anyone can remember."
                for n in range(1, 5)]
    content = read_dump("\n\n".join(["Harbour life in pictures", *captions]), encoding="utf-8")
    assert content is not None
    assert "A fisherman mends his nets" in content.text


def test_hard_wrapped_text_is_read_as_paragraphs() -> None:
    paragraphs = [
        "The harbour board met on Tuesday to decide how the silted channel behind the "
        "breakwater should be dredged, and who should pay for the work this year.",
        "The board heard from the harbour master, who said that the channel had lost a metre "
        "of depth since the storms of the winter and that the ferry now had to wait for the "
        "tide before it could leave the inner harbour.",
        "After a long discussion the board agreed to hire a dredger for six weeks in the "
        "spring, and to ask the ferry company and the fishermen's cooperative to share the "
        "cost of the work with the town.",
        "The decision will be put to the town council at its next meeting, where the members "
        "are expected to approve it without a vote.",
    ]
    paragraphs += [p.replace("harbour", "port") for p in paragraphs]
    wrapped = "\n\n".join(textwrap.fill(p, width=64) for p in paragraphs)
    dump = f"Harbour board minutes\n\n{wrapped}\n\nHarbour board [Page 1]\n"
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.text.split("\n")[-8:] == paragraphs


@pytest.mark.parametrize("line", ["Share this on WhatsApp", "No comments", "Yes, sign up",
                                  "Face\u00adbook Twit\u00adter E-Mail",
                                  "← Rebuilding the north pier", "Harbour works resume →",
                                  "Zur Hauptnavigation springen"])
def test_button_rows_are_no_headline(line: str) -> None:
    assert headline_text(line) == ""


def test_date_in_a_share_row_still_dates_the_headline() -> None:
    dump = ("Sign in\n\nThe container crane that slowed every afternoon\n\n"
            "Follow\nOct 18, 2024 · 8 min read\n\n"
            "Monitoring crane hydraulics matters because the older crane on the container "
            "quay slowed down every afternoon when its oil warmed up.\n")
    lines = _lines(dump)
    dated = next(i for i, line in enumerate(lines) if line.date)
    assert lines[dated].clutter  # the share row's label
    marks = _marks(lines, range(dated + 1, len(lines)), [False] * len(lines))
    assert not marks.skip[dated]
    assert marks.meta[dated] and marks.stated[dated]


@pytest.mark.parametrize("label", ["You are here:", "Sie sind hier:", "Vous êtes ici :"])
def test_breadcrumb_label_on_its_own_line_is_clutter(label: str) -> None:
    dump = (f"{label}\nHome\nPorts\n\nNew ferry for the northern islands\n\n"
            "The state shipping line ordered a second ferry for the northern islands on "
            "Friday, to sail from next spring.\n")
    lines = _lines(dump)
    assert lines[0].clutter
    content = read_dump(dump, encoding="utf-8")
    assert content is not None and label not in content.text
    assert content.title == "New ferry for the northern islands"


def test_line_of_parts_one_a_byline_is_meta() -> None:
    line = _lines("May 2025 · by jdoe · in Harbour Notes\n")[0]
    assert line.author is None and line.date is None
    assert is_meta(line)


def test_breadcrumb_with_arrows_gives_its_last_part() -> None:
    assert headline_text("Home → Ports → New ferry for the islands") == "New ferry for the islands"


HEADLINE_LAYOUTS = {  # a layout: (its dump, its headline)
    "small-letters-subtitle": (
        "Coastal Radar Upgrades Explained\n\nhow the new masts change the picture\n\n"
        "The navy has replaced four coastal radar masts on the northern shore this year, "
        "the defence ministry said on Friday.\n\n"
        "Each new radar upgrades the range of the old masts by about a third.\n",
        "Coastal Radar Upgrades Explained"),
    "caption-under-the-date": (
        "Harbour Daily\n\n"
        "Coast guard takes delivery of two patrol boats from the Elling yard\n\n"
        "Staff and wire reports\nPublished 9:40 AM Nov 19, 2024\n"
        "Two patrol boats built at the Elling yard\nMarek Nowak, Harbour Daily\n\n"
        "The coast guard took delivery of two patrol boats built at the Elling yard on "
        "Tuesday, the first of six it ordered last year.\n\n"
        "The boats will patrol the northern approaches, the coast guard said, and the "
        "remaining four are due by the end of next year.\n",
        "Coast guard takes delivery of two patrol boats from the Elling yard"),
    "blog-name-over-the-date": (
        "Harbour Notes\n\nSunday, May 4, 2025\n\n"
        "Rebuilding the tide gauge on the north pier\n\n"
        "Last weekend we finally replaced the old tide gauge on the north pier, a job "
        "that had waited since the storm in February.\n\n"
        "The new gauge logs the harbour level every minute and sends it to the port office.\n",
        "Rebuilding the tide gauge on the north pier"),
    "post-under-a-blog-introduction": (
        "Welcome to my little corner of the harbour.\n\n"
        "I sail small boats and write about them.\n\n"
        "Charting the silted channel behind the breakwater\n\n"
        "Charting a silted channel takes patience: the breakwater shifts the sand every "
        "winter, and the old charts are wrong by spring.\n\n"
        "I took soundings every ten metres along the channel from a dinghy.\n",
        "Charting the silted channel behind the breakwater"),
}


@pytest.mark.parametrize(("dump", "title"), HEADLINE_LAYOUTS.values(), ids=HEADLINE_LAYOUTS.keys())
def test_headline_of_a_layout(dump: str, title: str) -> None:
    """A subtitle in small letters, a caption under the date signed "Name, Agency", a blog's
    name over the date, a post's title under the blog's introduction: none is the headline."""
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert content.title == title


def test_byline_with_handle_and_date_gives_both() -> None:
    dump = ("Port Elling orders a second pilot boat\n\n"
            "By Ana Lima @alima Nov 19, 2024, 7:53pm EST\n\n"
            "The port authority of Elling ordered a second pilot boat on Tuesday, to be "
            "delivered by the yard on the north shore next summer.\n\n"
            "The pilots had asked for a second boat since the winter storms.\n")
    content = read_dump(dump, encoding="utf-8")
    assert content is not None
    assert (content.author, content.published) == ("Ana Lima", dt.date(2024, 11, 19))
