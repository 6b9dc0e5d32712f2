"""The yardstick: a one-line Flask app, served by the same gunicorn as the real one."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
