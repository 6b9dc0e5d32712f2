"""Learner pages under gunicorn as a share of a bare Flask app under the same gunicorn, in one run.

Run: .venv/bin/python benchmarks/pages_vs_bare.py [--learners 20000] [--duration 8] [--rounds 3]

Needs wrk (Debian package `wrk`). It builds a SQLite database with the six modules and --learners learners
(see learner_pages.seed), signs one learner in, starts one gunicorn for the app and one for benchmarks/bare_app.py
(same workers and threads), then alternates wrk runs over: the bare app, a signed-in static page (the
accessibility statement: the ceiling for any signed-in page), My learning, a module start page, a question page
and an autosave post. It prints requests per second (median of the rounds) and each page's share of the bare
app's figure: worked out in each round against the bare app's run of that round, then the median of those.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from learner_pages import PASSWORD, seed  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Module  # noqa: E402
from quizapp.models.curriculum import TEXT_KINDS  # noqa: E402
from tests.postgres import find_bin_dir, running_server  # noqa: E402

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SECRET = "benchmark-secret-key-of-enough-length-0123456789"
# A browser sends the same User-Agent on every request. Flask-Login's session protection marks a session not fresh
# when it changes (and so writes the cookie again): wrk, which sends none by default, must send the one signed in with.
USER_AGENT = "quizapp-benchmark"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_database(url: str, learners: int) -> str:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        db.create_all()
        seed(learners)
        db.engine.dispose()
    return url


def first_reflection_page(database_url: str) -> str:
    """Return the key of the Felix module's first page with a written question."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "felix-disability-family-pressures"))
        question = next(q for q in module.current_version.questions if q.kind in TEXT_KINDS)
        return question.page


def serve(target: str, port: int, env: dict, workers: int, threads: int, connections: int) -> subprocess.Popen:
    command = [GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
    # Left alone, one gthread worker may accept every one of wrk's keep-alive connections while the other idles,
    # and a run measures one core instead of two (seen as rounds at half speed). Capping each worker's share of
    # the connections spreads them evenly, for the bare app and the real one alike.
    command += ["--worker-connections", str(-(-connections // workers))]
    command += ["--worker-class", "gthread", "--log-level", "warning", target]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{target} did not start on port {port}")


class Browser:
    """Just enough of a browser: cookies, and the CSRF token of the last page."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", USER_AGENT)]

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body) as response:
            return response.geturl(), response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def learner_session(base: str, database_url: str) -> dict:
    """Sign the measured learner in, start a module and return the URLs and request parts wrk needs."""
    browser = Browser(base)
    _, page = browser.get("/sign-in")
    browser.post("/sign-in", {"email": "measured@example.org", "password": PASSWORD, "csrf_token": token(page)})
    _, start = browser.get("/modules/felix-disability-family-pressures")
    url, _ = browser.post(
        "/modules/felix-disability-family-pressures/start", {"csrf_token": token(start), "role": "social-care"}
    )
    attempt = re.search(r"/attempts/(\d+)/", url).group(1)
    question_page = f"/attempts/{attempt}/pages/{first_reflection_page(database_url)}"
    _, html = browser.get(question_page)
    field = re.search(r'<textarea[^>]*name="(answer-[^"]+)"', html)
    return {
        "browser": browser,
        "cookie": browser.cookie_header(),
        "attempt": attempt,
        "question_page": question_page,
        "question": field.group(1) if field else "",
        "csrf": token(html),
    }


def wrk(url: str, seconds: int, connections: int, headers: dict, script: Path | None = None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in {"User-Agent": USER_AGENT, **headers}.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def autosave_script(folder: Path, session: dict) -> Path:
    body = urllib.parse.urlencode(
        {"csrf_token": session["csrf"], "question": session["question"], "value": "Benchmark reflection text."}
    )
    script = folder / "autosave.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        'wrk.headers["X-Requested-With"] = "fetch"\n'
    )
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql: a throwaway server (as the tests start) whose commits wait for the disk, as SQLite's do",
    )
    parser.add_argument(
        "--only", nargs="+", metavar="PAGE", help="measure only these (e.g. autosave), beside the bare app"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    with ExitStack() as stack:
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        if args.database == "postgresql":
            bin_dir = find_bin_dir()
            if bin_dir is None:
                sys.exit("PostgreSQL binaries not found")
            url = stack.enter_context(running_server(bin_dir, durable=True))
        measure(args, folder, build_database(url, args.learners))


def measure(args, folder: Path, database_url: str) -> None:
    args.database_url = database_url
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET, "QUIZAPP_ENV": "development"}
    app_port, bare_port = free_port(), free_port()
    servers = [
        serve("wsgi:app", app_port, env, args.workers, args.threads, args.connections),
        serve("benchmarks.bare_app:app", bare_port, env, args.workers, args.threads, args.connections),
    ]
    try:
        run(args, folder, f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def run(args, folder: Path, app: str, bare: str) -> None:
    session = learner_session(app, args.database_url)
    cookie = {"Cookie": session["cookie"]}
    targets = {
        "bare Flask app": (f"{bare}/", {}, None),
        # The ceiling for any signed-in page: the person loaded, the session, headers and the GOV.UK layout.
        "signed-in static page": (f"{app}/accessibility", cookie, None),
        "My learning": (f"{app}/my-learning", cookie, None),
        "module start page": (f"{app}/modules/felix-disability-family-pressures", cookie, None),
        "question page": (app + session["question_page"], cookie, None),
        "autosave": (f"{app}/attempts/{session['attempt']}/autosave", cookie, autosave_script(folder, session)),
    }
    if args.only:
        targets = {
            name: target
            for name, target in targets.items()
            if name == "bare Flask app" or any(wanted.lower() in name.lower() for wanted in args.only)
        }
    results: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(args.rounds):
        for name, (url, headers, script) in targets.items():
            if headers:
                # A browser keeps the cookie each response sets; wrk sends one fixed header. The session's last-seen
                # time is written once it is a minute old, so a cookie taken at sign-in would be re-signed on every
                # request after the first minute, which no browser causes: renew it (as Stay signed in does) and
                # take it afresh before each run, so a run shorter than a minute sees what browsers cause.
                session["browser"].post("/session/keep-alive", {"csrf_token": session["csrf"]})
                headers = {"Cookie": session["browser"].cookie_header()}
            results[name].append(wrk(url, args.duration, args.connections, headers, script))
    print(
        f"{args.database}, {args.learners} learners, gunicorn {args.workers} workers x {args.threads} threads, "
        f"wrk {args.connections} connections, median of {args.rounds} rounds of {args.duration} s"
    )
    # A page's share is worked out in each round, against the bare app's figure of the same round, then the median
    # taken: the shared machine's speed drifts between rounds, and a slow round then slows both sides of its share.
    print("| Page | Requests/s | Share of bare Flask | Share in each round (requests/s) |")
    print("|---|---:|---:|---|")
    bare = results["bare Flask app"]
    for name, values in results.items():
        shares = [value / bare_value for value, bare_value in zip(values, bare, strict=True)]
        rounds = ", ".join(f"{share:.0%} ({value:,.0f})" for share, value in zip(shares, values, strict=True))
        print(f"| {name} | {statistics.median(values):,.0f} | {statistics.median(shares):.0%} | {rounds} |")


if __name__ == "__main__":
    main()
