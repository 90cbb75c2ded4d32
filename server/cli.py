"""The `kyhop` command."""
from __future__ import annotations

import sys

if sys.argv[1:2] == ["serve"]:  # the gevent server needs the standard library patched before anything loads
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import getpass  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402


def _config(**overrides):
    from server.config import Config
    return Config.from_env(**overrides)


def cmd_serve(args) -> int:
    from server import migrate
    from server.app import create_app, socketio, start_runtime

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
            return _fail(err)
        print(f"kyhop: đã tạo / created {user.username} ({user.role})")
        return 0

    return _with_app(run)


def cmd_import_members(args) -> int:
    from server.councils.service import import_members
    from server.errors import ApiError

    def run(_app):
        try:
            result = import_members(args.council, Path(args.file).read_bytes(), may_assign=True)
        except ApiError as err:
            return _fail(err)
        for e in result.errors:
            print(f"dòng/line {e.row} [{e.field}]: {e.vi} / {e.en}", file=sys.stderr)
        if result.errors:
            print("kyhop: không nhập dòng nào / nothing imported", file=sys.stderr)
            return 1
        for user, password in result.created:
            print(f"{user.username}\t{user.full_name}\t{password or '(từ tệp / from file)'}")
        return 0

    return _with_app(run)


def _years(text: str) -> tuple[int, int]:
    start, _, end = text.partition("-")
    try:
        return int(start), int(end)
    except ValueError:
        raise SystemExit(f"kyhop: năm dạng 2026-2031 / years as 2026-2031, not «{text}»")


def _fail(err) -> int:
    print(f"kyhop: {err.vi} / {err.en}", file=sys.stderr)
    return 1


def cmd_create_council(args) -> int:
    """One council from the options, or every council of a CSV file (all or none)."""
    from server.councils import service
    from server.errors import ApiError

    def run(_app):
        try:
            if args.csv:
                result = service.create_councils(Path(args.csv).read_bytes())
                for e in result.errors:
                    print(f"dòng/line {e.row} [{e.field}]: {e.vi} / {e.en}", file=sys.stderr)
                if result.errors:
                    print("kyhop: không tạo hội đồng nào / no council created", file=sys.stderr)
                    return 1
                created = result.created
            else:
                if not (args.name and args.level and args.term_name and args.term_years):
                    raise SystemExit("kyhop: cần --name, --level, --term-name, --term-years (hoặc --csv) / "
                                     "give --name, --level, --term-name, --term-years (or --csv)")
                from server.councils.rules import QUORUM_RE
                quorum = QUORUM_RE.match(args.quorum)
                created = [service.create_council(args.name, args.level, args.term_name, *_years(args.term_years),
                                                  (int(quorum[1]), int(quorum[2])) if quorum else (0, 0),
                                                  args.admin_username or "", args.admin_full_name or "")]
        except ApiError as err:
            return _fail(err)
        for council, admin in created:
            line = f"{council.id}\t{council.name}"
            if admin:
                line += f"\t{admin[0].username}\t{admin[1]}"
            print(line)
        return 0

    return _with_app(run)


def cmd_create_term(args) -> int:

    from server.accounts.models import User
    from server.councils import service
    from server.db import db
    from server.errors import ApiError

    def run(_app):
        carry = []
        if args.carry_over:
            term = service.current_term(db(), args.council)
            carry = list(db().scalars(service.delegates_of(args.council, term.id).with_only_columns(User.id))) if term else []
        try:
            term, carried = service.open_term(args.council, args.name, *_years(args.years), carry)
        except ApiError as err:
            return _fail(err)
        print(f"kyhop: khóa / term {term.id} «{term.name}» hiện hành / current; "
              f"{carried} đại biểu chuyển tiếp / delegates carried over")
        return 0

    return _with_app(run)


def cmd_list_councils(_args) -> int:
    from server.councils import service
    from server.db import db

    def run(_app):
        s = db()
        for c in service.list_councils(s):
            info = service.council_json(s, c)
            term = info["term"]["name"] if info["term"] else "—"
            print(f"{c.id}\t{c.name}\t{c.level}\t{term}\t{info['delegates']} đại biểu/delegates"
                  + ("\tđã lưu trữ/archived" if c.archived else ""))
        return 0

    return _with_app(run)


def cmd_archive_council(args) -> int:
    from server.councils import service
    from server.errors import ApiError

    def run(_app):
        try:
            c = service.archive_council(args.council)
        except ApiError as err:
            return _fail(err)
        print(f"kyhop: đã lưu trữ / archived {c.name}")
        return 0

    return _with_app(run)


def cmd_remind(_args) -> int:
    """The reminders of petitions' deadlines, once (the server runs them hourly): for a cron job, or now."""
    from datetime import date

    from server.petitions.reminders import remind

    def run(app):
        cfg = app.config["KYHOP"]
        out = remind(cfg, date.today())
        print(f"kyhop remind: {out.recorded} nhắc hạn mới / new reminders; "
              + (f"{out.emailed} đã gửi thư / e-mailed; {out.failed} cơ quan chưa gửi được / agencies not reached"
                 if cfg.smtp_host else "chưa cấu hình máy chủ thư / no mail server configured"))
        return 1 if out.failed else 0

    return _with_app(run)


def _seal(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", value.strip().lower()):
        raise argparse.ArgumentTypeError("64 chữ số hex / 64 hex digits")
    return value.strip().lower()


def cmd_verify(args) -> int:
    if args.bundle:  # offline: no database, only the file
        from server.archive.bundle import verify_bundle
        return _verdict(verify_bundle(Path(args.bundle).read_bytes(), args.seal),
                        "gói dữ liệu nguyên vẹn / the bundle is intact")

    from server.archive.verify import verify
    from server.db import db
    return _with_app(lambda _app: _verdict(verify(db(), args.seal), "hồ sơ nguyên vẹn / the record is intact"))


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

    p = sub.add_parser("create-council", help="tạo hội đồng và khóa đầu tiên / create a council with its first term")
    p.add_argument("--name")
    p.add_argument("--level", choices=("province", "commune"))
    p.add_argument("--term-name", help="e.g. «Khóa XI, nhiệm kỳ 2026–2031»")
    p.add_argument("--term-years", help="e.g. 2026-2031")
    p.add_argument("--quorum", default="2/3", help="túc số / quorum fraction, e.g. 2/3")
    p.add_argument("--admin-username", help="tạo tài khoản quản trị / also create its administrator")
    p.add_argument("--admin-full-name")
    p.add_argument("--csv", help="nhiều hội đồng từ tệp CSV (name, level, term_name, start_year, end_year, quorum, "
                                 "admin_username, admin_full_name) / many councils from a CSV file")
    p.set_defaults(fn=cmd_create_council)

    p = sub.add_parser("create-term", help="mở khóa mới / open a new term of a council")
    p.add_argument("--council", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--years", required=True, help="e.g. 2031-2036")
    p.add_argument("--carry-over", action="store_true",
                   help="mọi đại biểu khóa hiện hành tiếp tục / every delegate of the current term continues")
    p.set_defaults(fn=cmd_create_term)

    p = sub.add_parser("list-councils", help="danh sách hội đồng / list the councils")
    p.set_defaults(fn=cmd_list_councils)

    p = sub.add_parser("archive-council", help="lưu trữ hội đồng / archive a council")
    p.add_argument("--council", type=int, required=True)
    p.set_defaults(fn=cmd_archive_council)

    p = sub.add_parser("verify", help="kiểm tra chuỗi băm và kết quả biểu quyết / verify the audit chain and results")
    p.add_argument("bundle", nargs="?", help="gói dữ liệu kỳ họp (.zip) / a session bundle")
    p.add_argument("--seal", type=_seal, help="dấu niêm phong lấy từ nơi khác (biên bản ký, trang công khai) / "
                                              "a session's seal obtained elsewhere (signed minutes, public page)")
    p.set_defaults(fn=cmd_verify)

    p = sub.add_parser("remind", help="nhắc cơ quan sắp đến hạn trả lời kiến nghị / remind agencies of "
                                      "petitions' deadlines (the server does it hourly)")
    p.set_defaults(fn=cmd_remind)

    p = sub.add_parser("db", help="cơ sở dữ liệu / database")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser("upgrade").set_defaults(fn=cmd_db_upgrade)

    args = parser.parse_args(argv)
    return args.fn(args) or 0


if __name__ == "__main__":
    sys.exit(main())
