"""The app gunicorn serves compiles its templates at start and leaves what it made out of the collector's passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_served_app_freezes_what_it_made_while_starting(tmp_path):
    script = (
        "import gc, wsgi; print(gc.get_freeze_count(), len(wsgi.app.url_map._rules), len(wsgi.app.jinja_env.cache),"
        " len(wsgi.app.jinja_env.list_templates(extensions=['html'])))"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}", "QUIZAPP_ENV": "development"}
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)

    frozen, routes, compiled, templates = map(int, result.stdout.split())
    assert routes > 50  # the whole app was built before freezing
    assert compiled == templates > 100  # and every template compiled, the design system's too
    # Far more than Python alone holds at start (about 20,000 objects): the app's modules, mappers and statements.
    assert frozen > 80_000
