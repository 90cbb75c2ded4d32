"""Reminders to agencies before a case's deadline (rules.due_for_reminder): one per case and deadline, kept in
the product (the agency's list of reminders, `due_soon` on its cases) and, when a mail server is configured,
e-mailed — one message per agency listing its due cases. A message that could not be sent is sent at the next
run, while its cases are still due. The server runs this hourly; `kyhop remind` runs it once."""
from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import exists, select, update

from server.accounts.models import User
from server.config import Config
from server.councils.models import Agency, Council
from server.db import db, transaction
from server.petitions import rules
from server.petitions.cases import visible_cases
from server.petitions.models import PetitionCase, Reminder

log = logging.getLogger(__name__)
EVERY_S = 3600
SMTP_TIMEOUT_S = 30


@dataclass
class Outcome:
    recorded: int = 0  # reminders recorded this run (in the product)
    emailed: int = 0   # reminders e-mailed this run
    failed: int = 0    # agencies whose message could not be sent (tried again at the next run)


@dataclass
class Batch:
    """One agency's message: its address, names, and the reminders (id, case) it carries."""
    agency: str
    email: str
    council: str
    items: list[tuple[int, PetitionCase]]


def remind(cfg: Config, today: date) -> Outcome:
    out = Outcome(recorded=record_due(today))
    if cfg.smtp_host:
        out.emailed, out.failed = email_due(cfg, today)
    return out


def record_due(today: date) -> int:
    """A reminder for each case due for one that has none for its current deadline."""
    with transaction() as s:
        due = s.execute(select(PetitionCase.id, PetitionCase.council_id, PetitionCase.agency_id, PetitionCase.deadline,
                               PetitionCase.status).where(
            PetitionCase.status.in_(rules.OPEN_WITH_AGENCY), PetitionCase.agency_id.is_not(None),
            PetitionCase.deadline.between(today, today + timedelta(days=rules.REMIND_DAYS)),
            ~exists().where(Reminder.case_id == PetitionCase.id, Reminder.agency_id == PetitionCase.agency_id,
                           Reminder.deadline == PetitionCase.deadline))).all()
        rows = [Reminder(council_id=c.council_id, case_id=c.id, agency_id=c.agency_id, deadline=c.deadline)
                for c in due if rules.due_for_reminder(c.status, c.deadline, today)]
        s.add_all(rows)
        return len(rows)


def _pending(today: date) -> list[Batch]:
    """The reminders not yet e-mailed whose case is still due, with the agency it is with and that has an
    address, claimed for this run (marked e-mailed at once: another process running reminders at the same
    moment does not send them too; released again if the message fails)."""
    with transaction() as s:
        found = s.execute(select(Reminder.id, PetitionCase, Agency.name, Agency.email, Council.name)
                          .join(PetitionCase, PetitionCase.id == Reminder.case_id)
                          .join(Agency, Agency.id == Reminder.agency_id)
                          .join(Council, Council.id == Reminder.council_id)
                          .where(Reminder.emailed.is_(False), Reminder.deadline >= today,
                                 PetitionCase.deadline == Reminder.deadline, PetitionCase.agency_id == Reminder.agency_id,
                                 PetitionCase.status.in_(rules.OPEN_WITH_AGENCY), Agency.active.is_(True),
                                 Agency.email != "")
                          .order_by(Agency.id, PetitionCase.deadline, PetitionCase.code)).all()
        if not found:
            return []
        claimed = set(s.scalars(update(Reminder).where(Reminder.id.in_([r[0] for r in found]), Reminder.emailed.is_(False))
                                .values(emailed=True).returning(Reminder.id)))
        s.expunge_all()  # the cases are read after the commit, in the message
    batches: dict[str, Batch] = {}
    for rid, case, agency, email, council in found:
        if rid in claimed:
            batches.setdefault(email, Batch(agency, email, council, [])).items.append((rid, case))
    return list(batches.values())


def _release(batch: Batch) -> None:
    with transaction() as s:
        s.execute(update(Reminder).where(Reminder.id.in_([rid for rid, _ in batch.items])).values(emailed=False))


def email_due(cfg: Config, today: date) -> tuple[int, int]:
    """Send each agency its message; (reminders e-mailed, agencies whose message failed). A failure is logged
    (the server and the reason, never the password) and its reminders wait for the next run."""
    batches = _pending(today)
    if not batches:
        return 0, 0
    emailed = failed = done = 0
    try:
        with _connect(cfg) as smtp:
            for batch in batches:
                try:
                    smtp.send_message(message(cfg.smtp_from, batch, today))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as err:  # this message only
                    log.warning("reminder to agency %r <%s> refused: %s", batch.agency, batch.email, err)
                    _release(batch)
                    failed += 1
                else:
                    emailed += len(batch.items)
                done += 1
    except (smtplib.SMTPException, OSError) as err:
        log.warning("reminders not e-mailed through %s:%s (%s: %s); %d agencies wait for the next run",
                    cfg.smtp_host, cfg.smtp_port, type(err).__name__, err, len(batches) - done)
        for batch in batches[done:]:
            _release(batch)
        failed += len(batches) - done
    return emailed, failed


def _connect(cfg: Config) -> smtplib.SMTP:
    smtp = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=SMTP_TIMEOUT_S)
    try:
        if cfg.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if cfg.smtp_user:
            smtp.login(cfg.smtp_user, cfg.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _days(deadline: date, today: date) -> str:
    n = (deadline - today).days
    return "hạn là hôm nay" if n == 0 else f"còn {n} ngày"


def message(sender: str, batch: Batch, today: date) -> EmailMessage:
    """The Vietnamese message to one agency: each due case with its trace code, deadline, field, area, text."""
    n = len(batch.items)
    lines = [f"Kính gửi: {batch.agency}", "",
             f"{batch.council} nhắc Quý cơ quan: {n} kiến nghị cử tri đã chuyển đến Quý cơ quan sắp đến hạn trả lời.", ""]
    for i, (_, case) in enumerate(batch.items, start=1):
        text = case.summary if len(case.summary) <= 300 else case.summary[:299].rstrip() + "…"
        lines += [f"{i}. {case.code} — hạn trả lời {case.deadline.strftime('%d/%m/%Y')} ({_days(case.deadline, today)})",
                  f"   Lĩnh vực: {rules.FIELD_VI.get(case.field, case.field)}."
                  + (f" Địa bàn: {case.area}." if case.area else ""),
                  "   " + " ".join(text.split()), ""]
    lines += ["Quý cơ quan trả lời từng kiến nghị trong hệ thống, mục «Kiến nghị cử tri», trước hạn.",
              "Thư gửi tự động, xin không trả lời thư này."]
    msg = EmailMessage()
    msg["Subject"] = f"Nhắc hạn trả lời {n} kiến nghị cử tri — {batch.council}"
    msg["From"] = sender
    msg["To"] = batch.email
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to it
    msg.set_content("\n".join(lines))
    return msg


def of_user(user: User, limit: int = 200) -> list[tuple[Reminder, PetitionCase]]:
    """The reminders about the cases a user follows, the latest first: an agency's, those sent to it."""
    q = (select(Reminder, PetitionCase).join(PetitionCase, PetitionCase.id == Reminder.case_id)
         .where(PetitionCase.id.in_(visible_cases(user).with_only_columns(PetitionCase.id))))
    if user.role == "agency":
        q = q.where(Reminder.agency_id == user.agency_id)
    return [tuple(r) for r in db().execute(q.order_by(Reminder.at.desc(), Reminder.id.desc()).limit(limit)).all()]


def start_reminders(app) -> None:
    """Run the reminders at start and every hour in the serving process."""
    socketio = app.extensions["socketio"]

    def loop():
        while True:
            try:
                with app.app_context():
                    out = remind(app.config["KYHOP"], date.today())
                if out.recorded or out.emailed or out.failed:
                    log.info("reminders: %d recorded, %d e-mailed, %d agencies to retry", out.recorded, out.emailed,
                             out.failed)
            except Exception:  # keep reminding: a database hiccup must not stop reminders for good
                log.exception("reminders failed")
            socketio.sleep(EVERY_S)

    socketio.start_background_task(loop)
