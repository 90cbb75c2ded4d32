from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base

# procedural (khai mạc, bế mạc, thủ tục), báo cáo, tờ trình + dự thảo nghị quyết, thảo luận tổ,
# thảo luận tại hội trường, chất vấn và trả lời chất vấn, giải trình, biểu quyết thông qua nghị quyết
KINDS = ("procedural", "report", "submission", "discussion_group", "discussion_plenary",
         "questioning", "explanation", "voting")


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    # the record columns, on the chain (server/journal/tracking.py)
    __record__ = ("session_id", "parent_id", "position", "title", "kind", "planned_minutes", "presenter", "sitting_id",
                  "speakers_closed", "speaking_extra")

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(24))
    planned_minutes: Mapped[int] = mapped_column(default=0)
    presenter: Mapped[str] = mapped_column(String(200), default="")
    sitting_id: Mapped[int | None] = mapped_column(ForeignKey("sittings.id", ondelete="SET NULL"))
    speakers_closed: Mapped[bool] = mapped_column(default=False)  # the chair closed the list of speakers
    speaking_extra: Mapped[dict] = mapped_column(JSON, default=dict)  # user id -> extra speeches allowed
