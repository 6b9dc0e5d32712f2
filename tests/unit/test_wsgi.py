"""The app gunicorn serves leaves what it made while starting out of the garbage collector's passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_served_app_freezes_what_it_made_while_starting(tmp_path):
    script = "import gc, wsgi; print(gc.get_freeze_count(), len(wsgi.app.url_map._rules))"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}", "QUIZAPP_ENV": "development"}
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)

    frozen, routes = map(int, result.stdout.split())
    assert routes > 50  # the whole app was built before freezing
    # Far more than Python alone holds at start (about 20,000 objects): the app's modules, mappers and statements.
    assert frozen > 80_000
