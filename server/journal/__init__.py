"""The journal: every change to a session's record, in order, on the council's hash chain.

The lowest layer of the domain: every area records its changes here (`record`), inside its own
transaction; after that transaction commits, the journal hands the events to whoever subscribed (the
live layer, which pushes them to the screens). No area publishes anything by hand.
"""
from server.journal.record import Event, changed, head, record, record_council, signal, subscribe

__all__ = ["Event", "changed", "head", "record", "record_council", "signal", "subscribe"]
