"""The `kyhop` command."""
from __future__ import annotations

import sys

if sys.argv[1:2] == ["serve"]:  # the gevent server needs the standard library patched before anything loads
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import getpass  # noqa: E402
from pathlib import Path  # noqa: E402


def _config(**overrides):
    from server.config import Config
    return Config.from_env(**overrides)


def cmd_serve(args) -> int:
    from server import migrate
    from server.app import create_app, start_runtime, socketio

    overrides = {"secure_cookies": True} if args.tls else {}
    cfg = _config(**overrides)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    start_runtime(app)
    tls = {}
    if args.tls:
        from server.tls import ensure_certificate
        cert, key = ensure_certificate(cfg.instance_dir)
        tls = {"certfile": str(cert), "keyfile": str(key)}
        print(f"kyhop: cài {cert.parent / 'tls-ca.pem'} lên máy tính bảng một lần / "
              f"install it once on each tablet", flush=True)
    scheme = "https" if args.tls else "http"
    url = f"{scheme}://{'127.0.0.1' if args.host in ('0.0.0.0', '') else args.host}:{args.port}/"
    print(f"kyhop: mở / open {url}", flush=True)
    # a hall of tablets connects at once: a short accept queue would make some wait for a SYN retry (1 s)
    socketio.run(app, host=args.host, port=args.port, log_output=args.access_log, handler_class=_handler(),
                 backlog=2048, **tls)
    return 0


def _handler():
    import socket

    from gevent import pywsgi

    class NoDelayHandler(pywsgi.WSGIHandler):
        """A response leaves as two writes (headers, body); with Nagle's algorithm on, the second waits for
        the client's delayed ACK — 40 ms on every keep-alive request (measured: /healthz 44 ms → 1 ms)."""

        def handle(self):
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().handle()

    return NoDelayHandler


def cmd_db_upgrade(_args) -> int:
    from server import migrate
    migrate.upgrade(_config().database_url)
    print("kyhop: cơ sở dữ liệu đã cập nhật / database upgraded")
    return 0


def _with_app(fn):
    from server import migrate
    from server.app import create_app

    cfg = _config()
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    with app.app_context():
        return fn(app)


def cmd_demo(args) -> int:
    from server.demo import create_demo
    return _with_app(lambda app: create_demo(app, password=args.password, quiet=False))


def cmd_create_user(args) -> int:
    from server.councils.rules import MemberRow
    from server.councils.service import create_member
    from server.errors import ApiError

    password = args.password or getpass.getpass("Mật khẩu / password: ")

    def run(_app):
        try:
            user, _ = create_member(args.council, MemberRow(args.username, args.full_name, args.role, password=password))
        except ApiError as err:
            print(f"kyhop: {err.vi} / {err.en}", file=sys.stderr)
            return 1
        print(f"kyhop: đã tạo / created {user.username} ({user.role})")
        return 0

    return _with_app(run)


def cmd_import_members(args) -> int:
    from server.councils.service import import_members
    from server.errors import ApiError

    def run(_app):
        try:
            result = import_members(args.council, Path(args.file).read_bytes())
        except ApiError as err:
            print(f"kyhop: {err.vi} / {err.en}", file=sys.stderr)
            return 1
        for e in result.errors:
            print(f"dòng/line {e.row} [{e.field}]: {e.vi} / {e.en}", file=sys.stderr)
        if result.errors:
            print("kyhop: không nhập dòng nào / nothing imported", file=sys.stderr)
            return 1
        for user, password in result.created:
            print(f"{user.username}\t{user.full_name}\t{password or '(từ tệp / from file)'}")
        return 0

    return _with_app(run)


def cmd_verify(args) -> int:
    if args.bundle:  # offline: no database, only the file
        from server.archive.bundle import verify_bundle
        return _verdict(verify_bundle(Path(args.bundle).read_bytes()), "gói dữ liệu nguyên vẹn / the bundle is intact")

    from server.archive.verify import verify
    from server.db import db
    return _with_app(lambda _app: _verdict(verify(db()), "hồ sơ nguyên vẹn / the record is intact"))


def _verdict(problems: list[str], intact: str) -> int:
    for p in problems:
        print(f"kyhop verify: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"kyhop verify: {intact}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from server.accounts.models import ROLES

    parser = argparse.ArgumentParser(prog="kyhop", description="kyhop — phòng họp không giấy cho HĐND")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="chạy máy chủ / run the server (gevent, one process)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--access-log", action="store_true")
    p.add_argument("--tls", action="store_true", help="HTTPS với chứng chỉ tự tạo / HTTPS with a generated certificate")
    p.set_defaults(fn=cmd_serve)

    p = sub.add_parser("demo", help="tạo HĐND và kỳ họp mẫu / create the demo council and session")
    p.add_argument("--password", default="kyhop-demo", help="mật khẩu chung của các tài khoản mẫu")
    p.set_defaults(fn=cmd_demo)

    p = sub.add_parser("create-user", help="tạo tài khoản / create an account")
    p.add_argument("--council", type=int, required=True)
    p.add_argument("--username", required=True)
    p.add_argument("--full-name", required=True)
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--password")
    p.set_defaults(fn=cmd_create_user)

    p = sub.add_parser("import-members", help="nhập thành viên từ CSV / import members from CSV")
    p.add_argument("file")
    p.add_argument("--council", type=int, required=True)
    p.set_defaults(fn=cmd_import_members)

    p = sub.add_parser("verify", help="kiểm tra chuỗi băm và kết quả biểu quyết / verify the audit chain and results")
    p.add_argument("bundle", nargs="?", help="gói dữ liệu kỳ họp (.zip) / a session bundle")
    p.set_defaults(fn=cmd_verify)

    p = sub.add_parser("db", help="cơ sở dữ liệu / database")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser("upgrade").set_defaults(fn=cmd_db_upgrade)

    args = parser.parse_args(argv)
    return args.fn(args) or 0


if __name__ == "__main__":
    sys.exit(main())
