"""A real SMTP server for tests: aiosmtpd in its own process on a free port, keeping what it receives in a
Maildir the test reads. That process imports this module for its handler (RefuseSome): the test helpers are
imported where they are used, not at the top."""
from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
import subprocess
import sys
from pathlib import Path

from aiosmtpd.handlers import Mailbox


class RefuseSome(Mailbox):
    """Refuses (550) the recipients whose address begins with 'tu-choi', keeps the others' messages."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("tu-choi"):
            return "550 5.1.1 Hộp thư không tồn tại / mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class SmtpServer:
    def __init__(self, tmp: Path, handler: str = "aiosmtpd.handlers.Mailbox", port: int | None = None):
        from tests.conftest import free_port
        self.maildir, self.handler = tmp / f"maildir-{handler.rpartition('.')[2]}", handler
        self.port = port or free_port()
        self.proc = None

    def start(self) -> SmtpServer:
        from tests.conftest import ROOT, wait_listening
        log = self.maildir.with_name(f"smtp-{self.port}.log")
        with open(log, "ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
                                          "-c", self.handler, str(self.maildir)], cwd=ROOT,
                                         stdout=out, stderr=subprocess.STDOUT)
        wait_listening(self.port, self.proc, lambda: log.read_text(errors="replace"))
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def messages(self) -> list[email.message.EmailMessage]:
        """What arrived, by date then recipient (each with X-RcptTo: the envelope's recipients)."""
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        found = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.iterkeys()]
        return sorted(found, key=lambda m: (email.utils.parsedate_to_datetime(m["Date"]), m["X-RcptTo"]))
