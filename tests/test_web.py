"""salvo serve through Starlette's test client: every page, its JSON twin, every review action
(stored, refused), the token, CSRF, escaping of hostile articles, and the command itself."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, query
from starlette.testclient import TestClient

from pipeline.web.app import create_app

pytestmark = pytest.mark.slow  # the database comes from an ingest


@pytest.fixture
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(str(web_db), reviewer="tester"))


def event_id(db: Path, weapon: str) -> int:
    return query(db, "SELECT id FROM events WHERE weapon_name = ? ORDER BY id", weapon)[0][0]


def csrf(client: TestClient, path: str) -> str:
    page = client.get(path)
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)[1]


def review(client: TestClient, event: int, **form: str) -> httpx.Response:
    token = csrf(client, f"/events/{event}")
    return client.post(f"/events/{event}/review", data={"csrf": token, **form},
                       follow_redirects=False)


def test_health_and_the_flows_page_at_the_root(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    page = client.get("/")
    assert page.status_code == 200
    assert "North Korea → Russia" in page.text and "France → Armenia" in page.text
    flows = client.get("/flows.json").json()["flows"]
    armenia = next(f for f in flows if f["supplier"] == "France" and f["recipient"] == "Armenia")
    assert (armenia["claims"], armenia["events"]) == (2, 2)
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


def test_flows_filters_and_their_json_twin(client):
    flows = client.get("/flows.json", params={"country": "Armenia"}).json()["flows"]
    assert {(f["supplier"], f["recipient"]) for f in flows} == {("France", "Armenia"),
                                                                ("India", "Armenia")}
    assert client.get("/flows", params={"country": "Armenia"}).text.count('class="flow"') == 2
    by_stage = client.get("/flows.json", params={"stage": "delivered"}).json()["flows"]
    assert by_stage and all(f["events"] > 0 for f in by_stage)
    searched = client.get("/claims.json", params={"q": "koksan"}).json()
    assert searched["total"] >= 1
    assert all(c["supplier"] == "North Korea" for c in searched["claims"])
    dated = client.get("/claims.json", params={"from": "2025-04-01", "to": "2025-04-30"}).json()
    assert {c["last_reported"][:7] for c in dated["claims"]} == {"2025-04"}
    tanks = client.get("/claims.json", params={"category": "tank"}).json()["claims"]
    assert tanks and {c["category"] for c in tanks} == {"tank"}


@pytest.mark.parametrize("params", [{"from": "April"}, {"q": '"unbalanced'},
                                    {"review": "maybe"}, {"page": "x"}])
def test_bad_filters_are_refused_with_a_message(client, params):
    page = client.get("/claims", params=params)
    assert page.status_code == 400
    assert 'class="error"' in page.text


def test_report_page_shows_the_sentence_in_its_paragraph_and_the_source_chain(client, web_db):
    koksan = event_id(web_db, "M1978 Koksan")
    page = client.get(f"/events/{koksan}")
    assert page.status_code == 200
    marked = re.search(r'<p class="evidence">(.*?)</p>', page.text, re.S)[1]
    assert "<mark>" in marked and "Koksan" in re.search(r"<mark>(.*?)</mark>", marked)[1]
    data = client.get(f"/events/{koksan}.json").json()
    assert data["event"]["chain"][0] == "Ukraine's military intelligence agency"
    assert data["event"]["chain"][-1] == data["event"]["article"]["site"]
    assert client.get("/events/999999").status_code == 404
    assert client.get("/events/999999.json").json() == {"error": "no event 999999"}


def test_claim_page_shows_every_report_and_the_chart_of_its_series(client, web_db):
    claims = client.get("/claims.json", params={"country": "Germany", "item": "leopard"}).json()
    leopard = next(c for c in claims["claims"] if c["item"] == "Leopard 2A6")
    page = client.get(f"/claims/{leopard['claim_id']}")
    assert page.status_code == 200
    data = client.get(f"/claims/{leopard['claim_id']}.json").json()
    reports = query(web_db, "SELECT event_id FROM claim_events WHERE claim_id = ?",
                    leopard["claim_id"])
    assert sorted(r["id"] for r in data["reports"]) == sorted(e for (e,) in reports)
    assert page.text.count('<p class="evidence">') == len(reports)
    series = query(web_db, "SELECT count(*) FROM estimate_history WHERE supplier = 'Germany' "
                           "AND recipient = 'Ukraine' AND item_key = ?", leopard["item_key"])
    assert data["history"] == series[0][0] >= 1 and data["total"] == len(reports)
    chart = client.get(f"/claims/{leopard['claim_id']}/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.lstrip().startswith("<?xml") and "<svg" in chart.text
    assert "<script" not in chart.text
    assert client.get("/claims/0123abcd").status_code == 404


def test_article_page_marks_events_and_shows_what_was_removed(client, web_db):
    article = query(web_db, "SELECT id FROM articles WHERE title LIKE '%Caesar%'")[0][0]
    page = client.get(f"/articles/{article}")
    assert page.status_code == 200
    text = re.search(r'<div class="text">(.*?)</div>', page.text, re.S)[1]
    linked = {int(i) for i in re.findall(r'class="[^"]*event[^"]*" href="/events/(\d+)"', text)}
    events = dict(query(web_db, "SELECT id, start FROM events WHERE article_id = ?", article))
    assert linked <= set(events)
    assert {events[i] for i in linked} == set(events.values())  # every evidence sentence
    removed = re.search(r'<details class="removed">(.*?)</details>', page.text, re.S)[1]
    assert "Subscribe to Courrier Atlantique" in removed
    assert "France has agreed to sell Armenia" not in removed
    assert client.get(f"/articles/{article}.json").json()["article"]["id"] == article


def test_runs_page_lists_runs_and_failed_documents(client):
    page = client.get("/runs")
    assert "empty.html" in page.text and "empty document" in page.text
    data = client.get("/runs.json").json()
    assert data["runs"][0]["status"] == "partial" and data["orphans"] == []


def test_hostile_article_renders_as_text_everywhere(client, web_db):
    article = query(web_db, "SELECT id FROM articles WHERE title LIKE '%onerror%'")[0][0]
    event = query(web_db, "SELECT id FROM events WHERE article_id = ?", article)[0][0]
    # a correction can hold markup too: the reviewer's words are escaped like the article's
    assert review(client, event, action="correct", field="source",
                  value="<script>alert('fix')</script>", note='"><img src=x onerror=alert(9)>'
                  ).status_code == 303
    claim = query(web_db, "SELECT claim_id FROM ledger_events WHERE event_id = ?", event)[0][0]
    pages = [client.get(path).text for path in (
        "/", "/claims", f"/events/{event}", f"/articles/{article}", "/runs",
        "/claims?q=tanks", "/flows?item=%3Cscript%3E", f"/claims/{claim}")]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert not re.search(r'href="\s*javascript:', html, re.I)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages[3]
    assert "&lt;script&gt;alert(&#39;source&#39;)" in pages[2]
    assert "&gt;&lt;img src=x onerror=alert(2)&gt;" in pages[3]
    assert "javascript:alert(3)" in pages[3]  # as text, never a link


def test_confirm_correct_reject_are_stored_and_shown(client, web_db):
    before = query(web_db, "SELECT * FROM events ORDER BY id")
    koksan = event_id(web_db, "M1978 Koksan")
    assert review(client, koksan, action="confirm", note="checked").status_code == 303
    done = review(client, koksan, action="correct", field="quantity", value="1,350",
                  note="NIS update")
    assert done.status_code == 303 and done.headers["location"] == f"/events/{koksan}#reviews"
    claim = client.get(f"/events/{koksan}.json").json()["event"]
    assert (claim["quantity"], claim["quantity_upper"], claim["review"]) == (1350, None,
                                                                            "corrected")
    assert [(r["action"], r["field"], r["old_value"], r["new_value"], r["reviewer"])
            for r in claim["reviews"]] == [("confirm", None, None, None, "tester"),
                                           ("correct", "quantity", None, "1350", "tester")]
    assert "1,350" in client.get(f"/events/{koksan}").text
    caesar = event_id(web_db, "CAESAR howitzer")
    assert review(client, caesar, action="reject", note="not a sale").status_code == 303
    flows = client.get("/flows.json", params={"country": "Armenia"}).json()["flows"]
    assert ("France", 1) in {(f["supplier"], f["events"]) for f in flows}
    rejected = client.get("/claims.json", params={"review": "rejected"}).json()["claims"]
    assert [c["item"] for c in rejected] == ["CAESAR howitzer"]
    assert "salvo ledger" in client.get("/claims").text  # the ledger has not read the reviews
    assert query(web_db, "SELECT * FROM events ORDER BY id") == before  # extracted rows unchanged
    assert query(web_db, "SELECT quantity, reviewed FROM event_facts WHERE event_id = ?",
                 koksan) == [(1350, 1)]
    assert query(web_db, "SELECT count(*) FROM event_facts WHERE event_id = ?", caesar) == [(0,)]


@pytest.mark.parametrize(("form", "status", "says"), [
    ({"action": "correct", "field": "colour", "value": "red"}, 400, "unknown field"),
    ({"action": "correct", "field": "quantity", "value": "many"}, 400, "not a count"),
    ({"action": "correct", "field": "supplier", "value": "Atlantis"}, 400, "country list"),
    ({"action": "correct", "field": "stage", "value": "imagined"}, 400, "stage is one of"),
    ({"action": "destroy"}, 400, "unknown action"),
    ({"action": "confirm", "reviewer": " "}, 400, "reviewer"),
], ids=["bad-field", "bad-count", "bad-country", "bad-stage", "bad-action", "no-reviewer"])
def test_bad_reviews_are_refused_and_store_nothing(client, web_db, form, status, says):
    koksan = event_id(web_db, "M1978 Koksan")
    response = review(client, koksan, **form)
    assert response.status_code == status and says in response.text
    assert query(web_db, "SELECT count(*) FROM reviews") == [(0,)]


def test_review_of_an_unknown_event_is_404(client, web_db):
    token = csrf(client, f"/events/{event_id(web_db, 'M1978 Koksan')}")
    response = client.post("/events/999999/review", data={"csrf": token, "action": "confirm"})
    assert response.status_code == 404


@pytest.mark.parametrize("token", [None, "", "0" * 64], ids=["none", "empty", "wrong"])
def test_post_without_the_right_csrf_token_is_refused(client, web_db, token):
    koksan = event_id(web_db, "M1978 Koksan")
    client.get("/")  # the session cookie
    form = {"action": "reject"} | ({"csrf": token} if token is not None else {})
    response = client.post(f"/events/{koksan}/review", data=form)
    assert response.status_code == 403
    assert query(web_db, "SELECT count(*) FROM reviews") == [(0,)]


def test_csrf_token_of_another_session_is_refused(web_db):
    koksan = event_id(web_db, "M1978 Koksan")
    app = create_app(str(web_db))
    mine, theirs = TestClient(app), TestClient(app)
    token = csrf(theirs, f"/events/{koksan}")
    mine.get("/")
    assert mine.post(f"/events/{koksan}/review",
                     data={"csrf": token, "action": "reject"}).status_code == 403


def test_cross_origin_post_is_refused(client, web_db):
    koksan = event_id(web_db, "M1978 Koksan")
    token = csrf(client, f"/events/{koksan}")
    response = client.post(f"/events/{koksan}/review", data={"csrf": token, "action": "reject"},
                           headers={"origin": "http://evil.example"})
    assert response.status_code == 403


def test_token_is_required_on_every_request(web_db):
    app = create_app(str(web_db), token="s3cret-token")
    client = TestClient(app)
    for path in ("/", "/healthz", "/claims.json", "/static/salvo.css"):
        assert client.get(path).status_code == 401, path
    assert client.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
    entry = client.get("/claims?token=s3cret-token&country=Russia", follow_redirects=False)
    assert entry.status_code == 303 and entry.headers["location"] == "/claims?country=Russia"
    assert client.get("/claims?country=Russia").status_code == 200  # the cookie now


def test_writer_may_write_the_reviews_table_only(web_db):
    from pipeline.reviews.writer import writer_engine

    engine = writer_engine(str(web_db))
    for statement in ("UPDATE events SET quantity = 1", "DELETE FROM articles",
                      "DROP TABLE reviews", "CREATE TABLE x (y)"):
        with engine.begin() as conn, pytest.raises(Exception, match="not authorized"):
            conn.exec_driver_sql(statement)
    engine.dispose()


def test_serve_refuses_other_hosts_without_a_token(web_db):
    result = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--db", str(web_db),
                             "--host", "0.0.0.0"], capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "token" in result.stderr


def test_serve_answers_healthz_and_the_flows_page(web_db):
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(web_db),
                             "--port", "0"], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stderr.readline()
        url = re.search(r"http://\S+/", line)[0]
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(url + "healthz")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert health.status_code == 200
        assert "<h1>Flows</h1>" in httpx.get(url).text
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_refuses_a_database_behind_the_code(tmp_path):
    db = tmp_path / "old.db"
    subprocess.run([sys.executable, "-m", "pipeline", "db", "upgrade", "0004", "--db", str(db)],
                   check=True, capture_output=True, cwd=ROOT)
    result = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--db", str(db)],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 3 and "salvo db upgrade" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)


def test_a_review_returns_to_a_claim_page_never_elsewhere(client, web_db):
    koksan = event_id(web_db, "M1978 Koksan")
    claim = query(web_db, "SELECT claim_id FROM ledger_events WHERE event_id = ?", koksan)[0][0]
    back = review(client, koksan, action="confirm", next=f"/claims/{claim}")
    assert back.headers["location"] == f"/claims/{claim}#event-{koksan}"
    for target in ("https://evil.example/", "//evil.example/claims/1", "/claims/\\evil"):
        away = review(client, koksan, action="confirm", next=target)
        assert away.headers["location"] == f"/events/{koksan}#reviews", target


def test_datasette_metadata_describes_tables_search_and_queries():
    import yaml

    from pipeline.web.datasette import metadata, schema_doc

    doc = schema_doc()
    described = metadata("news", doc)["databases"]["news"]
    events = described["tables"]["events"]
    assert events["fts_table"] == "evidence_search"
    assert described["tables"]["articles"]["fts_table"] == "article_search"
    assert events["columns"]["quantity_upper"] == "top of a stated range"
    assert "reviewed" in described["tables"]["event_facts"]["columns"]
    assert len(described["queries"]) == doc.split("## Example queries", 1)[1].count("```sql")
    first = next(iter(described["queries"].values()))
    assert first["sql"].startswith("SELECT") and not first["sql"].endswith(";")
    assert yaml.safe_load(yaml.safe_dump(metadata("news", doc))) == metadata("news", doc)


def test_the_events_behind_the_pages_are_those_of_reviewed_events(client, web_db):
    """`passing` reads unreviewed events from `events` itself: the same events, with the same
    values, as `reviewed_events` filtered, whatever the review filter."""
    from sqlalchemy import select

    from pipeline.database import make_engine
    from pipeline.reviews.view import reviewed_events as E
    from pipeline.web.filters import A, Filters, conditions, passing

    koksan, caesar = event_id(web_db, "M1978 Koksan"), event_id(web_db, "CAESAR howitzer")
    review(client, koksan, action="correct", field="supplier", value="Russia")
    review(client, caesar, action="reject")
    engine = make_engine(str(web_db), read_only=True)
    with engine.connect() as conn:
        for params in ({}, {"review": "all"}, {"review": "unreviewed"}, {"review": "reviewed"},
                       {"review": "rejected"}, {"review": "corrected"}, {"country": "Russia"},
                       {"q": "howitzer", "review": "all"}):
            f = Filters.parse(params)
            pick = lambda S, reviewed: [S.c.id, S.c.supplier, reviewed.label("reviewed")]  # noqa: E731
            got = set(conn.execute(passing(f, conn, pick)).all())
            want = set(conn.execute(select(E.c.id, E.c.supplier, E.c.reviewed).select_from(
                E.join(A, A.c.id == E.c.article_id)).where(*conditions(f, conn))).all())
            assert got == want, params
            assert got or params.get("review") not in ("rejected", "corrected"), params
        rows = conn.execute(select(E.c.id, E.c.supplier, E.c.recipient, E.c.type, A.c.published)
                            .select_from(E.join(A, A.c.id == E.c.article_id))
                            .where(*conditions(Filters(), conn))).all()
    latest: dict = {}
    for row in rows:  # the latest report of each flow: the latest date, then the highest id
        key = (row.supplier, row.recipient, row.type)
        if key not in latest or (str(row.published or ""), row.id) > latest[key]:
            latest[key] = (str(row.published or ""), row.id)
    flows = client.get("/flows.json").json()["flows"]
    assert {(f["supplier"], f["recipient"], f["type"]): f["latest"]["event_id"] for f in flows} \
        == {key: event for key, (_, event) in latest.items()}
    engine.dispose()
