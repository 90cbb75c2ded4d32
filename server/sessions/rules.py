"""Session lifecycle rules."""
from __future__ import annotations

from server.accounts.rules import can

# Status changes the secretary may make from the preparation pages; opening and closing a session
# (in_progress, closed) belong to the chair's console.
PREPARATION_TRANSITIONS = {("draft", "published"), ("published", "draft")}


def visible_to(role: str, status: str) -> bool:
    """Drafts are seen by those who prepare and chair the session; everyone else sees it once published."""
    return status != "draft" or can(role, "sessions.read_drafts")
