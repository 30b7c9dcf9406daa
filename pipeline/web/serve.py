"""The `salvo serve` command: the web application on 127.0.0.1, or elsewhere with a token.

cli.py registers it with `app.command("serve")(serve)`. Exit codes: 0 stopped by Ctrl-C;
2 usage (a host other than the loopback without a token, a port that cannot be listened on);
3 the database cannot be read or its schema is not at the code's head.
"""

from __future__ import annotations

import gc
import getpass
import socket
from typing import Annotated

import typer

from pipeline import exit_codes, migrations
from pipeline.cli_common import DEFAULT_DB, DbOption, database_errors, err, fail, open_database
from pipeline.web.security import needs_token


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(
        help="Interface to listen on; any but 127.0.0.1, localhost or ::1 needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="SALVO_TOKEN", help="Token required on every request (env SALVO_TOKEN); open "
                                   "the address once with ?token=... in a browser.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        help="Name the review forms are filled with (default: your login name).")] = None,
) -> None:
    """Serve the web pages for analysts: flows, claims, articles, runs, and reviews of claims.
    Exit codes: 0 stopped, 2 usage (no token for a non-local host, port taken), 3 database."""
    import uvicorn

    from pipeline.web.app import create_app

    if needs_token(host) and not token:
        raise fail(f"--host {host} is reachable from other machines: give a token with "
                   "--token or SALVO_TOKEN", exit_codes.USAGE)
    engine = open_database(db, read_only=True)
    with database_errors(db):
        current, head = migrations.current_revision(engine), migrations.head_revision(engine)
    if current != head:
        raise fail(f"database at {current}, code at {head}: run salvo db upgrade --db {db}",
                   exit_codes.FATAL)
    try:
        sock = socket.create_server((host, port), family=_family(host))
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                   exit_codes.USAGE) from None
    app = create_app(db, token, reviewer or _login())
    gc.freeze()  # what start-up made lives as long as the server: no collection walks it again
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    err.print(f"salvo serve: http://{shown}:{bound}/ (Ctrl-C stops)", highlight=False)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"
