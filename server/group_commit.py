"""Group commit: many small write transactions, one commit.

With SQLite each commit that must survive a power cut costs an fsync (synchronous=FULL), and under
gevent that wait stops the whole process. When a hall votes within a second, the ballots that arrive
while one commit is under way are written together: each in its own savepoint (one ballot's refusal
never touches another), then one commit for all, and only then is any of them acknowledged.

PostgreSQL commits in the server process and its driver waits cooperatively: there, and wherever gevent
is not running (tests, CLI), each call is simply its own transaction.
"""
from __future__ import annotations

from flask import current_app

from server.db import transaction

MAX_BATCH = 256


def run(fn, *args):
    """fn(session, *args) in a transaction; returns its result once committed, or raises its error."""
    app = current_app._get_current_object()
    if app.extensions["kyhop.engine"].dialect.name != "sqlite" or not _gevent_running():
        with transaction() as s:
            return fn(s, *args)
    writer = app.extensions.get("kyhop.group_commit")
    if writer is None:
        writer = app.extensions["kyhop.group_commit"] = _Writer(app)
    return writer.submit(fn, args)


class _Writer:
    def __init__(self, app):
        from gevent.event import Event
        self.app, self.queue, self.wakeup = app, [], Event()
        self.greenlet = None

    def submit(self, fn, args):
        from gevent import spawn
        from gevent.event import AsyncResult
        result = AsyncResult()
        self.queue.append((fn, args, result))
        if self.greenlet is None or self.greenlet.dead:
            self.greenlet = spawn(self._loop)
        self.wakeup.set()
        return result.get()

    def _loop(self):
        while True:
            self.wakeup.wait()
            self.wakeup.clear()
            while self.queue:
                batch, self.queue = self.queue[:MAX_BATCH], self.queue[MAX_BATCH:]
                self._write(batch)

    def _write(self, batch):
        outcomes = []
        with self.app.app_context():
            s = self.app.extensions["kyhop.sessionmaker"]()
            try:
                for fn, args, result in batch:  # nothing here yields: the batch is one uninterrupted run
                    savepoint = s.begin_nested()
                    try:
                        value = fn(s, *args)
                        savepoint.commit()
                        outcomes.append((result, value, None))
                    except Exception as exc:  # noqa: BLE001 - handed to the request that owns it
                        savepoint.rollback()
                        outcomes.append((result, None, exc))
                s.commit()
            except Exception as exc:  # noqa: BLE001 - the commit failed: nothing of the batch is acknowledged
                s.rollback()
                outcomes = [(result, None, exc) for _fn, _args, result in batch]
            finally:
                s.close()
        for result, value, exc in outcomes:
            if exc is not None:
                result.set_exception(exc)
            else:
                result.set(value)


def _gevent_running() -> bool:
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")
