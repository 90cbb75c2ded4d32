"""Read receipts: a delegate's status for a document version, and the secretary's summary line — pure."""
from __future__ import annotations

STATUSES = ("not_received", "received", "opened")
LABEL_VI = {"not_received": "chưa nhận", "received": "đã nhận", "opened": "đã mở"}
LABEL_EN = {"not_received": "not received", "received": "received", "opened": "opened"}


def status(received: bool, opened: bool) -> str:
    """Opening a document implies the tablet has it."""
    return "opened" if opened else "received" if received else "not_received"


def unopened_revision(current: int, opened: set[int]) -> bool:
    """A document is marked 'Đã sửa đổi — lần N' for a reader while its current version is a revision (lần 2 or
    later) they have not opened — whether or not they opened an earlier one: the mark says the text they would
    read is not the first, until they have read it."""
    return current > 1 and current not in opened


def version_name(kind: str, number: int) -> tuple[str, str]:
    """'bản dự thảo lần 2' for a draft resolution, 'bản lần 2' for anything else."""
    if kind == "draft_resolution":
        return f"bản dự thảo lần {number}", f"draft {number}"
    return f"bản lần {number}", f"version {number}"


def summary(kind: str, number: int, missing: int, total: int) -> tuple[str, str]:
    """'3 đại biểu chưa nhận bản dự thảo lần 2', or that every delegate has it."""
    vi, en = version_name(kind, number)
    if total == 0:
        return "Chưa có đại biểu nào.", "No delegates yet."
    if missing == 0:
        return f"Tất cả {total} đại biểu đã nhận {vi}", f"All {total} delegates have received {en}"
    noun = "delegate has" if missing == 1 else "delegates have"
    return f"{missing} đại biểu chưa nhận {vi}", f"{missing} {noun} not received {en}"
