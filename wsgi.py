"""WSGI entry point: gunicorn wsgi:app."""

import gc

from sqlalchemy.orm import configure_mappers

from quizapp import create_app

app = create_app()

# Every template compiled now, about a second and a half per worker at start, rather than by the first requests
# of each page, which took 200-600 ms more each.
for name in app.jinja_env.list_templates(extensions=["html"]):
    app.jinja_env.get_template(name)

# What the app made while starting (about 150,000 objects: modules, mappers, statements) lives as long as the process,
# yet each of the garbage collector's full passes walks all of it again. Measured in gunicorn's workers under wrk on
# the learner pages: collection took 3.2 % of their CPU, 2.5 % once these objects were left out. Set up the mappers,
# then freeze.
configure_mappers()
gc.collect()
gc.freeze()
