"""What keeps `salvo serve` safe: the access token, CSRF tokens, response headers, safe links.

- A token (`--token` or `SALVO_TOKEN`) is checked on every request: an `Authorization: Bearer`
  header, the `salvo_token` cookie, or `?token=` once (which sets the cookie).
- CSRF: each browser gets a random `salvo_session` cookie; every form carries the HMAC of it
  under the server's secret, and a POST whose token does not match is refused.
- Headers: a Content-Security-Policy that allows nothing from elsewhere and no inline script.
- Links from an article are followed only when they are http(s).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_COOKIE = "salvo_token"
SESSION_COOKIE = "salvo_session"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # no-referrer would make browsers send Origin: null
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def needs_token(host: str) -> bool:
    """Whether listening on `host` needs a token: anything but the loopback interface."""
    return host not in LOCAL_HOSTS


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def new_session() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(secret: bytes, session: str) -> str:
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, session: str | None, token: str | None) -> bool:
    return bool(session and token) and same_secret(token, csrf_token(secret, session or ""))


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address to link to; None for javascript:, data: and the rest.
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def local_path(path: str | None, default: str) -> str:
    """`path` when it is a path on this server (`/claims?...`), else `default`: a redirect
    never leads elsewhere."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default
