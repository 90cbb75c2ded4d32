"""Reminders to agencies before a petition's deadline (issue 17, item 3): recorded in the product (the agency's
list, `due_soon` on its cases) and e-mailed through a real local SMTP server when one is configured — one
message per agency with its due cases, once; a server that refuses is logged and tried again at the next run;
the serving process reminds by itself and `kyhop remind` does it once."""
import dataclasses
import logging
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from server.councils.models import Agency
from server.db import transaction
from server.petitions import reminders
from server.petitions.models import Reminder
from tests.api.test_petitions import meeting, petition
from tests.conftest import ROOT, free_port
from tests.factories import add_agency
from tests.smtp_server import SmtpServer

TODAY = date.today()


def day(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def vn(iso: str) -> str:
    return "/".join(reversed(iso.split("-")))


@pytest.fixture
def smtp(tmp_path):
    started = []

    def make(handler="aiosmtpd.handlers.Mailbox", port=None) -> SmtpServer:
        srv = SmtpServer(tmp_path, handler, port).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()


@pytest.fixture
def cases(app, council, client_for):
    """Two agencies with addresses; cases sent to them due today, in 2 days, and in 30 days (not yet due)."""
    sec = client_for("athuky")
    roads = add_agency(app, council, "Sở Giao thông vận tải")
    health = add_agency(app, council, "Sở Y tế", username="acoquan2")
    for agency, email in ((roads, "so-gtvt@example.vn"), (health, "so-yte@example.vn")):
        assert sec.patch(f"/api/agencies/{agency}", {"email": email}).status_code == 200
    m = meeting(sec, council)
    sent = {}
    for key, text, agency, deadline in (("road", "Đề nghị sửa đường liên xã Đông Tây", roads, day(2)),
                                        ("bridge", "Đề nghị xây cầu dân sinh qua kênh Bắc", roads, day(0)),
                                        ("later", "Đề nghị mở rộng bến xe huyện", roads, day(30)),
                                        ("clinic", "Đề nghị bố trí bác sĩ cho trạm y tế xã", health, day(1))):
        case = petition(sec, m, text, field="health" if agency == health else "transport")
        r = sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": agency, "deadline": deadline})
        assert r.status_code == 200, r.json
        sent[key] = r.json["case"]
    return {"roads": roads, "health": health, **sent}


def smtp_config(app, port: int | None, **kw):
    return dataclasses.replace(app.config["KYHOP"], smtp_host="127.0.0.1" if port else None, smtp_port=port or 25,
                               smtp_starttls=False, **kw)


def run(app, cfg) -> reminders.Outcome:
    with app.app_context():
        return reminders.remind(cfg, TODAY)


def emailed(app) -> dict[int, bool]:
    with app.app_context(), transaction() as s:
        return dict(s.execute(select(Reminder.case_id, Reminder.emailed)).all())


def by_recipient(server: SmtpServer) -> dict[str, list]:
    out = {}
    for m in server.messages():
        out.setdefault(m["X-RcptTo"], []).append(m)
    return out


def test_due_cases_are_emailed_once_per_agency(app, council, cases, client_for, smtp):
    server = smtp()
    out = run(app, smtp_config(app, server.port))
    assert (out.recorded, out.emailed, out.failed) == (3, 3, 0)
    got = by_recipient(server)
    assert sorted(got) == ["so-gtvt@example.vn", "so-yte@example.vn"] and all(len(v) == 1 for v in got.values())
    roads = got["so-gtvt@example.vn"][0]
    body = roads.get_content()
    assert "Nhắc hạn trả lời 2 kiến nghị cử tri" in roads["Subject"]
    assert "Kính gửi: Sở Giao thông vận tải" in body
    # the cases due, nearest deadline first, with trace codes and deadlines; not the one due in a month
    assert body.index(cases["bridge"]["code"]) < body.index(cases["road"]["code"])
    assert f"{cases['bridge']['code']} — hạn trả lời {vn(day(0))} (hạn là hôm nay)" in body
    assert f"{cases['road']['code']} — hạn trả lời {vn(day(2))} (còn 2 ngày)" in body
    assert "Đề nghị sửa đường liên xã Đông Tây" in body and cases["later"]["code"] not in body
    assert cases["clinic"]["code"] in got["so-yte@example.vn"][0].get_content()
    assert cases["road"]["code"] not in got["so-yte@example.vn"][0].get_content()

    # a second run sends nothing more
    out = run(app, smtp_config(app, server.port))
    assert (out.recorded, out.emailed, out.failed) == (0, 0, 0)
    assert len(server.messages()) == 2

    # in the product: the agency's reminders and its cases due soon
    agency = client_for("acoquan")
    listed = agency.get("/api/petitions/reminders").json["reminders"]
    assert sorted(r["code"] for r in listed) == sorted([cases["road"]["code"], cases["bridge"]["code"]])
    assert all(r["emailed"] and r["agency"] == "Sở Giao thông vận tải" for r in listed)
    due = {c["code"]: c["due_soon"] for c in agency.get("/api/petitions").json["cases"]}
    assert due == {cases["road"]["code"]: True, cases["bridge"]["code"]: True, cases["later"]["code"]: False}
    assert [r["code"] for r in client_for("acoquan2").get("/api/petitions/reminders").json["reminders"]] == [
        cases["clinic"]["code"]]
    assert len(client_for("athuky").get("/api/petitions/reminders").json["reminders"]) == 3


def test_without_smtp_reminders_stay_in_the_product(app, council, cases, client_for):
    out = run(app, smtp_config(app, None))
    assert (out.recorded, out.emailed, out.failed) == (3, 0, 0)
    assert emailed(app) == {cases["road"]["id"]: False, cases["bridge"]["id"]: False, cases["clinic"]["id"]: False}
    listed = client_for("acoquan").get("/api/petitions/reminders").json["reminders"]
    assert len(listed) == 2 and not any(r["emailed"] for r in listed)
    assert run(app, smtp_config(app, None)).recorded == 0  # once per case and deadline


def test_a_refusing_server_is_logged_and_tried_again(app, council, cases, client_for, smtp, caplog):
    # nobody listening: nothing sent, nothing crashes, the reason is logged without the password
    caplog.set_level(logging.WARNING, logger="server.petitions.reminders")
    closed = free_port()
    out = run(app, smtp_config(app, closed, smtp_user="vanphong", smtp_password="mat-khau-bi-mat"))
    assert (out.recorded, out.emailed, out.failed) == (3, 0, 2)
    assert f"127.0.0.1:{closed}" in caplog.text and "mat-khau-bi-mat" not in caplog.text
    assert not any(emailed(app).values())

    # a server that refuses one agency's address: the other's message goes, the refused one waits
    with app.app_context(), transaction() as s:
        s.get(Agency, cases["health"]).email = "tu-choi@example.vn"
    refusing = smtp("tests.smtp_server.RefuseSome")
    out = run(app, smtp_config(app, refusing.port))
    assert (out.recorded, out.emailed, out.failed) == (0, 2, 1)
    assert list(by_recipient(refusing)) == ["so-gtvt@example.vn"]
    assert "tu-choi@example.vn" in caplog.text
    assert emailed(app)[cases["clinic"]["id"]] is False

    # the address mended, the next run sends what waited, and only that
    with app.app_context(), transaction() as s:
        s.get(Agency, cases["health"]).email = "so-yte@example.vn"
    server = smtp()
    out = run(app, smtp_config(app, server.port))
    assert (out.recorded, out.emailed, out.failed) == (0, 1, 0)
    assert list(by_recipient(server)) == ["so-yte@example.vn"]
    assert all(emailed(app).values())


def test_the_server_reminds_by_itself_and_the_command_once(app, council, cases, client_for, smtp, server_factory, tmp_path):
    server = smtp()
    env = {"KYHOP_SMTP_HOST": "127.0.0.1", "KYHOP_SMTP_PORT": str(server.port), "KYHOP_SMTP_STARTTLS": "0",
           "KYHOP_SMTP_FROM": "vanphong@hdnd.example.vn"}
    server_factory(env=env)  # reminds at start, then hourly
    deadline = time.time() + 60
    while len(server.messages()) < 2 and time.time() < deadline:
        time.sleep(0.2)
    got = by_recipient(server)
    assert sorted(got) == ["so-gtvt@example.vn", "so-yte@example.vn"]
    assert got["so-yte@example.vn"][0]["From"] == "vanphong@hdnd.example.vn"

    # a case due since: `kyhop remind` sends it at once
    sec = client_for("athuky")
    case = petition(sec, meeting(sec, council), "Đề nghị lắp đèn đường thôn Nam")
    assert sec.post(f"/api/petitions/{case['id']}/transfer", {"agency_id": cases["roads"], "deadline": day(3)}).status_code == 200
    cmd = subprocess.run([sys.executable, "-m", "server.cli", "remind"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
                         env={"PATH": "/usr/bin:/bin", "KYHOP_INSTANCE_DIR": str(tmp_path / "instance"),
                              "KYHOP_DATABASE_URL": app.config["KYHOP"].database_url,
                              "KYHOP_DOCUMENTS_DIR": str(tmp_path / "documents"), **env})
    assert cmd.returncode == 0, cmd.stderr
    assert "1 nhắc hạn mới" in cmd.stdout and "1 đã gửi thư" in cmd.stdout
    assert case["code"] in by_recipient(server)["so-gtvt@example.vn"][-1].get_content()
    assert len(server.messages()) == 3


def test_a_forwarded_case_reminds_its_new_agency(app, council, cases, client_for, smtp):
    server = smtp()
    run(app, smtp_config(app, server.port))
    # the roads department hands the road case to health (same level), its deadline kept
    r = client_for("acoquan").post(f"/api/petitions/{cases['road']['id']}/forward", {"agency_id": cases["health"]})
    assert r.status_code == 200, r.json
    out = run(app, smtp_config(app, server.port))
    assert (out.recorded, out.emailed) == (1, 1)
    health = [m.get_content() for m in server.messages() if m["X-RcptTo"] == "so-yte@example.vn"]
    assert len(health) == 2 and sum(cases["road"]["code"] in body for body in health) == 1
