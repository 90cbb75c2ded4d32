"""the chain carries the record: council-level entries (no session), each entry's row states, the seal's timestamp

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 11:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # session_events is referenced by no table: rebuilding it on SQLite (to relax NOT NULL) cascades nowhere
    with op.batch_alter_table('session_events') as batch_op:
        batch_op.alter_column('session_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('state', sa.JSON(), nullable=True))
    op.add_column('sessions', sa.Column('seal_timestamp', sa.LargeBinary(), nullable=True))
    _baseline(op.get_bind())


def _baseline(connection) -> None:
    """From here on every entry carries the rows its transaction changed, and `kyhop verify` compares the
    tables with the chain: the rows already there go on each council's chain as they stand, in one entry."""
    import server.models  # noqa: F401  (every record model)
    from server.db import utcnow
    from server.journal import chain, tracking
    from server.journal.models import SessionEvent

    events = SessionEvent.__table__
    for (council_id,) in connection.execute(sa.text("SELECT id FROM councils ORDER BY id")).all():
        rows = tracking.baseline(connection, council_id)
        last = connection.execute(sa.select(events.c.chain_seq, events.c.hash).where(events.c.council_id == council_id)
                                  .order_by(events.c.chain_seq.desc()).limit(1)).first()
        n, prev = (last[0] + 1, last[1]) if last else (1, chain.GENESIS)
        data = {"rows": {t: sum(1 for r in rows if r[0] == t) for t in sorted({r[0] for r in rows})}}
        at = utcnow()
        digest = chain.entry_hash(council_id, n, None, None, None, "record.baseline", data, at, prev,
                                  tracking.digest(rows))
        connection.execute(events.insert().values(council_id=council_id, session_id=None, seq=None, actor_id=None,
                                                  kind="record.baseline", data=data, at=at, chain_seq=n,
                                                  prev_hash=prev, hash=digest, state=rows))


def downgrade() -> None:
    op.execute("DELETE FROM session_events WHERE session_id IS NULL")
    op.drop_column('sessions', 'seal_timestamp')
    with op.batch_alter_table('session_events') as batch_op:
        batch_op.drop_column('state')
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('session_id', existing_type=sa.Integer(), nullable=False)
