"""Real app servers for the tests and benchmarks: gunicorn on loopback, a fresh database, a plain HTTP client."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from tests.postgres import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "two-servers-share-this-secret-key-0123456789"


@contextmanager
def fresh_postgres_database(server_url: str, name: str):
    """Create an empty database on a running PostgreSQL server; yield its URL; drop it afterwards."""
    url = make_url(server_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database_url: str, redis_url: str | None, **extra: str) -> dict:
    """Return the environment every server process shares: one database, one secret, one rate-limit store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZAPP_", "DATABASE_", "RATELIMIT_"))}
    env.update(
        QUIZAPP_ENV="development",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=redis_url or "memory://",
        CONTENT_DIR=str(ROOT / "content"),
        **extra,
    )
    return env


def flask(env: dict, *args: str) -> str:
    """Run a flask command against the server's database; return its output."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "quizapp", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"flask {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def prepare_database(env: dict, password: str) -> None:
    """Migrate, load the six modules and create the demo accounts."""
    flask(env, "db", "upgrade")
    flask(env, "content", "load")
    flask(env, "demo", "--password", password)


@contextmanager
def gunicorn(env: dict, workers: int = 3, threads: int = 1):
    """Serve the app with gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
        + ["--log-level", "warning", "wsgi:app"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_healthy(base: str, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not become healthy")


@dataclass
class Reply:
    status: int
    headers: dict
    text: str

    def json(self):
        import json

        return json.loads(self.text)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class WebClient:
    """One person's browser: a cookie jar, no redirects followed, any server they point it at."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects)

    def request(self, url: str, data: dict | None = None, headers: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read().decode())

    def get(self, url: str, **kwargs) -> Reply:
        return self.request(url, **kwargs)

    def post(self, url: str, data: dict, **kwargs) -> Reply:
        return self.request(url, data=data, **kwargs)

    def sign_in(self, base: str, email: str, password: str) -> Reply:
        return self.post(base + "/sign-in", {"email": email, "password": password, "csrf_token": self.token(base)})

    def token(self, base: str, path: str = "/sign-in") -> str:
        return page_token(self.get(base + path).text)


def page_token(html: str) -> str:
    """Return the CSRF token of a page's first form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)
