"""A throwaway PostgreSQL server, for the tests and `make scale-demo`.

Debian's `postgresql` package (installed with apt-get when it is missing and we are root):
`initdb` into a temporary folder, the server listening on a Unix socket in that folder only (no
TCP), trust authentication for the local user, stopped and removed on exit; by default
without fsync (throwaway data: faster tests), `durable=True` for measurements. initdb refuses to
run as root, so as root the server runs as the `postgres` user (or `nobody`), via runuser.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 5432  # the socket's name only: no TCP listener is opened
SERVER_USERS = ("postgres", "nobody")


class ServerError(RuntimeError):
    """The PostgreSQL server could not be installed or started."""


def pg_bin() -> Path:
    """The folder of PostgreSQL's programs (the newest installed), installing the package when
    root and it is missing."""
    for attempt in range(2):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                       key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
        if found:
            return Path(found[-1]).parent
        if attempt or os.geteuid() != 0:
            break
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-q"],
                        ["apt-get", "install", "-y", "-q", "postgresql"]):
            subprocess.run(command, check=False, capture_output=True, env=env)
    raise ServerError("PostgreSQL is not installed: apt-get install postgresql")


class TemporaryServer:
    """`with TemporaryServer() as server:` a running server; `server.url(name)` a database
    URL for SQLAlchemy, `server.create_database(name)` a new empty database."""

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        self.bin = pg_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="salvo-pg-"))
        self.data = self.folder / "data"
        self.user = _server_user()
        self._started = False

    def __enter__(self) -> TemporaryServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chmod(self.folder, 0o755)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")
        options = f"-c listen_addresses='' -k {self.folder} -p {PORT} -c max_connections=50"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        self._started = True

    def stop(self) -> None:
        if self._started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop",
                      check=False)
            self._started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def pid(self) -> int:
        """The postmaster's process id."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={PORT}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._run("psql", "-X", "-q", "-At", "-h", str(self.folder), "-p", str(PORT),
                           "-U", "postgres", "-d", database, "-c", sql)
        return result.stdout

    def _run(self, program: str, *args: str, check: bool = True
             ) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder,
                                check=False)
        if check and result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-600:] if log.exists() else ""
            raise ServerError(f"{program} failed: {result.stderr.strip()[-600:]} {tail}")
        return result


def _server_user() -> str | None:
    """The user to run the server as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USERS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ServerError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")
