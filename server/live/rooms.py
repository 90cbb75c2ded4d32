"""Socket.IO rooms: every client following a session is in its room; screens that show running counts
(the permission live.board: chair, secretary, admin, hall display) also join its board room, so that
frequent, unsequenced updates such as ballots cast reach them without waking every tablet."""
from __future__ import annotations


def room(session_id: int) -> str:
    return f"session:{session_id}"


def board_room(session_id: int) -> str:
    return f"session:{session_id}:board"
