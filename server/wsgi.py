"""WSGI entry point for gunicorn: `gunicorn -k gevent -w 1 server.wsgi:app` (gevent patches first)."""
from server.app import create_app, start_runtime

app = create_app()
start_runtime(app)
