"""WSGI entry point: gunicorn wsgi:app."""

import gc

from sqlalchemy.orm import configure_mappers

from quizapp import create_app

app = create_app()

# What the app made while starting (about 150,000 objects: modules, mappers, statements) lives as long as the process,
# yet each of the garbage collector's full passes walked all of it again: measured in the process, a question page
# spent 7 % of its time in collection, 2 % once these objects were left out. Set up the mappers, then freeze.
configure_mappers()
gc.collect()
gc.freeze()
