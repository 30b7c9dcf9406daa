"""The Starlette application: routes, the token and CSRF checks, templates, static files.

`create_app(db, token)` opens the database read-only for the pages and through the review
writer for reviews, and returns an ASGI app for uvicorn (or Starlette's test client).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.database import make_engine
from pipeline.reviews.writer import (
    ReviewRefused,
    ReviewRequest,
    UnknownEvent,
    record,
    writer_engine,
)
from pipeline.web import security, views
from pipeline.web.views import Page, PageError

MAX_FORM_BYTES = 64 * 1024
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # an image: no script, no fetch


@dataclasses.dataclass
class AppState:
    reader: Engine
    writer: Engine
    token: str | None
    reviewer: str
    secret: bytes
    templates: Environment


def create_app(db: str, token: str | None = None, reviewer: str = "analyst") -> Starlette:
    """The application over database `db`; `token`, when given, is required on every request."""
    templates = Environment(loader=PackageLoader("pipeline.web", "templates"),
                            autoescape=select_autoescape(default=True), trim_blocks=True,
                            lstrip_blocks=True)
    state = AppState(make_engine(db, read_only=True), writer_engine(db), token, reviewer,
                     secrets.token_bytes(32), templates)
    for name in templates.list_templates():  # compiled now, not on a first request
        templates.get_template(name)
    views.warm_up()
    routes = [
        Route("/healthz", _healthz),
        Route("/", _page(lambda conn, r: views.flows(conn, r.query_params))),
        Route("/flows{json:json}", _page(lambda conn, r: views.flows(conn, r.query_params))),
        Route("/claims{json:json}", _page(lambda conn, r: views.claims(conn, r.query_params))),
        Route("/claims/{claim:claim}{json:json}",
              _page(lambda conn, r: views.claim(conn, r.path_params["claim"], r.query_params))),
        Route("/claims/{claim:claim}/chart.svg", _chart),
        Route("/events/{id:int}{json:json}",
              _page(lambda conn, r: views.event(conn, r.path_params["id"]))),
        Route("/events/{id:int}/review", _review, methods=["POST"]),
        Route("/articles/{id:int}{json:json}",
              _page(lambda conn, r: views.article(conn, r.path_params["id"]))),
        Route("/runs{json:json}", _page(lambda conn, r: views.runs(conn))),
        Mount("/static", StaticFiles(packages=[("pipeline.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(_Guard, state=state)])
    app.state.salvo = state
    return app


class _JsonSuffix:
    """Path convertor for an optional `.json` at the end of a page's path."""

    regex = r"(\.json)?"

    def convert(self, value: str) -> bool:
        return value == ".json"

    def to_string(self, value: bool) -> str:
        return ".json" if value else ""


class _ClaimId:
    """Path convertor for a ledger claim id (hexadecimal)."""

    regex = r"[0-9a-f]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


def _register_convertor() -> None:
    from starlette.convertors import register_url_convertor

    register_url_convertor("json", _JsonSuffix())
    register_url_convertor("claim", _ClaimId())


_register_convertor()


def _state(request: Request) -> AppState:
    return request.app.state.salvo


def _page(view: Callable[[Any, Request], Page]) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        state = _state(request)
        try:
            with state.reader.connect() as conn:
                page = view(conn, request)
        except PageError as exc:
            return _error(request, exc.status, str(exc))
        if request.path_params.get("json"):
            return JSONResponse(_jsonable(page.data))
        return _render(request, page.template, page.data, page.title)
    return endpoint


def _render(request: Request, template: str, data: dict[str, Any], title: str,
            status: int = 200) -> HTMLResponse:
    state = _state(request)
    html = state.templates.get_template(template).render(
        **data, title=title, csrf=security.csrf_token(state.secret, request.state.session),
        reviewer=state.reviewer, path=request.url.path, urlencode=urlencode)
    return HTMLResponse(html, status_code=status)


def _error(request: Request, status: int, message: str) -> Response:
    if request.path_params.get("json"):
        return JSONResponse({"error": message}, status_code=status)
    return _render(request, "error.html", {"message": message, "status": status},
                   f"Error {status}", status)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"text": value.text, "marks": [m.kind for m in value.marks]} \
            if hasattr(value, "marks") else dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _healthz(request: Request) -> Response:
    with _state(request).reader.connect() as conn:
        conn.execute(text("SELECT 1 FROM reviews LIMIT 1")).all()
    return JSONResponse({"status": "ok"})


def _chart(request: Request) -> Response:
    """The claim's estimate-history chart, an SVG image (matplotlib styles it inline)."""
    try:
        with _state(request).reader.connect() as conn:
            svg = views.chart(conn, request.path_params["claim"])
    except PageError as exc:
        return _error(request, exc.status, str(exc))
    response = Response(svg, media_type="image/svg+xml")
    response.headers["content-security-policy"] = CHART_CSP
    return response


async def _review(request: Request) -> Response:
    """Store a review posted from a claim page, then show the claim again."""
    state = _state(request)
    event_id = request.path_params["id"]
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return _error(request, 413, "the form is too large")
    form = await request.form()
    if not security.csrf_ok(state.secret, request.cookies.get(security.SESSION_COOKIE),
                            _field(form, "csrf")):
        return _error(request, 403, "the form's CSRF token is missing or wrong: reload the page")
    review = ReviewRequest(event_id=event_id, action=_field(form, "action"),
                           reviewer=_field(form, "reviewer") or state.reviewer,
                           field=_field(form, "field") or None, value=_field(form, "value"),
                           note=_field(form, "note"))
    try:
        record(state.writer, review)
    except UnknownEvent as exc:
        return _error(request, 404, str(exc))
    except ReviewRefused as exc:
        return _error(request, 400, f"review not stored: {exc}")
    back = _field(form, "next")
    if security.local_path(back, "") and back.startswith("/claims/"):
        return RedirectResponse(f"{back}#event-{event_id}", status_code=303)
    return RedirectResponse(f"/events/{event_id}#reviews", status_code=303)


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


class _Guard(BaseHTTPMiddleware):
    """On every request: the token (when the server has one), the session cookie behind the
    CSRF tokens, and the security headers."""

    def __init__(self, app: Any, state: AppState) -> None:
        super().__init__(app)
        self.state = state

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        token = self.state.token
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and security.same_secret(given, token):
                return self._with_headers(_token_accepted(request, token))
            bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not (security.same_secret(request.cookies.get(security.TOKEN_COOKIE), token)
                    or security.same_secret(bearer or None, token)):
                return self._with_headers(PlainTextResponse(
                    "salvo: a token is required (open the address with ?token=...)", 401))
        session = request.cookies.get(security.SESSION_COOKIE)
        request.state.session = session or security.new_session()
        if request.method == "POST" and not _same_origin(request):
            return self._with_headers(PlainTextResponse("salvo: cross-origin form refused", 403))
        response = await call_next(request)
        if not session:
            response.set_cookie(security.SESSION_COOKIE, request.state.session, httponly=True,
                                samesite="strict")
        return self._with_headers(response)

    @staticmethod
    def _with_headers(response: Response) -> Response:
        own = response.headers.get("content-security-policy")
        response.headers.update(security.HEADERS)
        if own:
            response.headers["content-security-policy"] = own
        return response


def _token_accepted(request: Request, token: str) -> Response:
    """The token came in the query string: keep it in a cookie and drop it from the address."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    target = request.url.path + (f"?{urlencode(query)}" if query else "")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(security.TOKEN_COOKIE, token, httponly=True, samesite="strict")
    return response


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return origin.split("://", 1)[-1] == request.headers.get("host")
