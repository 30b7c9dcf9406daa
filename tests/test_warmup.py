"""The fork server's warm-up documents take the paths whose first use is costly (Trafilatura's
jusText fallback, metadata and dates, the model and rules)."""

from __future__ import annotations

import pytest
import trafilatura.external

from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.extract import extract_document
from pipeline.run import warmup
from pipeline.settings import Settings, default_model

pytestmark = pytest.mark.slow


def test_warm_up_page_takes_trafilaturas_fallbacks_and_reads_metadata(monkeypatch) -> None:
    calls = []
    rescue = trafilatura.external.justext_rescue
    monkeypatch.setattr(trafilatura.external, "justext_rescue",
                        lambda *args: calls.append(args) or rescue(*args))
    nlp = shared_pipeline(default_model())
    page = extract_document(warmup.WARM_UP_PAGE, Settings(), lambda: nlp)
    assert calls
    assert page.status == "ok"
    assert (page.content.author, page.content.published.isoformat()) == ("Jane Doe", "2025-03-04")


def test_warm_up_dump_runs_claim_extraction() -> None:
    nlp = shared_pipeline(default_model())
    dump = extract_document(warmup.WARM_UP_DUMP, Settings(), lambda: nlp)
    assert dump.status == "ok"
    assert {(e.supplier, e.recipient) for e in dump.claims.events} == {("Germany", "Ukraine")}
    assert dump.claims.attributions
