"""create_app(config): wiring only."""
from __future__ import annotations

import gc
from datetime import timedelta

from flask import Flask, send_from_directory
from flask_login import LoginManager
from flask_socketio import SocketIO
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from server import db as dbmod
from server import errors, security
from server.config import Config
from server.validation import MAX_ID

socketio = SocketIO()


class IdConverter(IntegerConverter):
    """Path ids are 1 … 2³¹−1. Anything beyond becomes 0, an id no row has, so the route answers its own
    404 — never a database error (PostgreSQL refuses 3000000000 as an integer). Refusing in the converter
    would make Werkzeug try the path's other methods and answer 405."""

    def to_python(self, value: str) -> int:
        number = int(value) if len(value) <= 10 else 0  # (Python refuses to parse 4300 digits and more)
        return number if 1 <= number <= MAX_ID else 0


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__, static_folder=None)
    app.json.ensure_ascii = False  # Vietnamese text as UTF-8, not \u escapes
    app.url_map.converters["int"] = IdConverter
    app.config.update(
        KYHOP=config,
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_NAME="kyhop_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=14),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        TESTING=config.testing,
    )
    config.instance_dir.mkdir(parents=True, exist_ok=True)
    config.documents_dir.mkdir(parents=True, exist_ok=True)
    dbmod.init_app(app, config.database_url)
    errors.register(app)
    security.register(app)
    _login(app)
    _blueprints(app)
    _client(app, config)
    socketio.init_app(app, async_mode="gevent", message_queue=config.message_queue,
                      channel=config.message_queue_channel,
                      transports=["websocket"], logger=False, engineio_logger=False)
    from server import live
    live.install(app, socketio)
    _proxies(app, config)
    return app


def _proxies(app: Flask, config: Config) -> None:
    """Behind `trusted_proxies` proxies (nginx: 1), take the client's address and scheme from the
    X-Forwarded-For / X-Forwarded-Proto they set: the address login failures are counted under, HTTPS for
    HSTS. Each proxy appends what it saw, so only the last N entries are believed; with 0 the headers are
    a client's word and ignored. Wrapped last, around the Socket.IO middleware too."""
    if config.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies)


def start_runtime(app: Flask) -> None:
    """What a serving process runs besides requests: the poll deadline keeper, the sweeper of sockets
    whose login ended (server/live/sockets.py) and the hourly reminders to agencies of petitions' deadlines
    (server/petitions/reminders.py). Then move everything
    loaded at start-up out of the collector's reach: without it each full collection walks hundreds of
    thousands of module objects and stalls the event loop for 100+ ms with a hall full of tablets
    connected (measured by bench/fanout)."""
    from server.documents.storage import sweep_partial_files
    from server.live.sockets import start_sweeper
    from server.petitions.reminders import start_reminders
    from server.voting.deadlines import start_deadline_keeper
    sweep_partial_files(app.config["KYHOP"])
    start_deadline_keeper(app)
    start_sweeper(app, app.extensions["socketio"])
    start_reminders(app)
    gc.collect()
    gc.freeze()


def _login(app: Flask) -> None:
    from server.accounts import service
    from server.accounts.api import LoginUser

    manager = LoginManager(app)
    manager.session_protection = None  # the login token is server-side and revocable

    @manager.user_loader
    def _load(token: str):
        user = service.load_user(token)
        return LoginUser(user, token) if user else None



def _blueprints(app: Flask) -> None:
    from server.accounts.api import bp as accounts
    from server.agenda.api import bp as agenda
    from server.archive.api import bp as archive
    from server.archive.public import bp as public
    from server.attendance.api import bp as attendance
    from server.console.api import bp as console
    from server.councils.api import bp as councils
    from server.documents.api import bp as documents
    from server.notes.api import bp as notes
    from server.openapi import bp as openapi
    from server.petitions.api import bp as petitions
    from server.petitions.api import public_bp as petitions_public
    from server.questioning.api import bp as questioning
    from server.receipts.api import bp as receipts
    from server.sessions.api import bp as sessions
    from server.speaking.api import bp as speaking
    from server.voting.api import bp as voting

    for bp in (accounts, councils, sessions, agenda, attendance, console, voting, documents, notes, receipts, speaking,
               petitions, questioning, archive, public, petitions_public, openapi):
        app.register_blueprint(bp)


def _client(app: Flask, config: Config) -> None:
    """The built browser app (client/dist): index.html for the root, hashed assets cached for a year."""
    dist = config.client_dist

    @app.get("/")
    def index():
        if not (dist / "index.html").exists():
            return ("<h1>kyhop</h1><p>Giao diện chưa được build. Chạy <code>make build</code>.<br>"
                    "The client is not built. Run <code>make build</code>.</p>", 503)
        resp = send_from_directory(dist, "index.html", max_age=0)
        resp.headers["Cache-Control"] = "no-cache"
        return resp

    @app.get("/assets/<path:name>")
    def assets(name: str):
        return send_from_directory(dist / "assets", name, max_age=31536000)

    @app.get("/sw.js")
    def service_worker():
        resp = send_from_directory(dist, "sw.js", max_age=0, mimetype="text/javascript")
        resp.headers["Cache-Control"] = "no-cache"
        return resp

    @app.get("/favicon.svg")
    def favicon():
        return send_from_directory(dist, "favicon.svg", max_age=86400)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}
