"""gunicorn settings for a kyhop process (`gunicorn -c python:server.gunicorn_conf server.wsgi:app`).

One gevent worker holds every websocket of the tablets it serves. gunicorn's default limit of 1000
connections per worker is too low: when another process goes down, its tablets move here, and past the
limit new requests wait unanswered (seen as a chair's request hanging after a process was killed).
"""
worker_class = "gevent"
workers = 1
worker_connections = 20000
backlog = 2048
# Forwarded headers are believed only through KYHOP_TRUSTED_PROXIES (server/app.py, werkzeug ProxyFix),
# not by gunicorn itself from whatever runs on this machine.
forwarded_allow_ips = ""
