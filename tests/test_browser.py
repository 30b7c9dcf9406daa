"""An analyst's path in headless Chromium: open the flows, filter, open a claim, correct its
quantity, and find the correction in the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import require_chromium
from conftest import query, salvo

from pipeline.web.browser import browser_page, served

pytestmark = pytest.mark.slow


def test_filter_open_a_claim_correct_it_and_export(web_db: Path, tmp_path: Path):
    require_chromium()
    (koksan,) = query(web_db, "SELECT id FROM events WHERE weapon_name = 'M1978 Koksan'")[0]
    with served(web_db, "--reviewer", "browser") as url, browser_page(tmp_path / "profile") as page:
        page.goto(url)
        assert page.locator("h1").inner_text() == "Flows"
        page.fill("form.filters input[name=country]", "Russia")
        page.fill("form.filters input[name=item]", "koksan")
        page.click("form.filters button[type=submit]")
        flows = page.locator("a.flow")
        assert flows.all_inner_texts() == ["North Korea → Russia"]
        flows.first.click()
        page.wait_for_load_state()
        page.locator("a.claim", has_text="M1978 Koksan").click()
        page.wait_for_load_state()
        claim_url = page.url
        assert "/claims/" in claim_url
        report = page.locator(f"#event-{koksan}")
        assert "Koksan" in report.locator("p.evidence mark").inner_text()
        assert page.locator("figure.chart img").evaluate("img => img.naturalWidth") > 0

        report.locator("details.review-here summary").click()
        form = report.locator("form.correct")
        form.locator("select[name=field]").select_option("quantity")
        assert form.locator("input[name=value]").get_attribute("inputmode") == "numeric"
        form.locator("input[name=value]").fill("1350")
        form.locator("input[name=note]").fill("the NIS revised its figure")
        form.locator("button.correct").click()
        page.wait_for_load_state()
        assert page.url.split("#")[0] == claim_url
        report = page.locator(f"#event-{koksan}")
        assert report.locator("dd.quantity").inner_text().startswith("1,350")
        assert report.locator(".badge").inner_text() == "corrected"
        assert "the NIS revised its figure" in report.locator("table.trail").inner_text()
        assert page.errors == []  # no script error, nothing blocked by the CSP

    exported = salvo("export", "--db", str(web_db))
    (event,) = [e for line in exported.stdout.splitlines() for e in json.loads(line)["events"]
                if e["reviewed"]]
    assert event["quantity"]["value"] == 1350 and event["weapon"]["name"] == "M1978 Koksan"
    assert [(r["field"], r["new_value"], r["reviewer"]) for r in event["reviews"]] == [
        ("quantity", "1350", "browser")]
