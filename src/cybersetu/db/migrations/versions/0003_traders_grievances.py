"""traders: nodal officers' zones, grievances, their history and attachments; trader meetings; awareness sessions

Revision ID: 0003_traders
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_traders"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zones", sa.String(length=120), nullable=True))
    op.create_table(
        "grievance_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_grievance_counters")),
    )
    op.create_table(
        "grievances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ack", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=True),
        sa.Column("station", sa.String(length=8), nullable=False),
        sa.Column("zone", sa.String(length=24), nullable=False),
        sa.Column("locality", sa.String(length=120), nullable=True),
        sa.Column("filed_by", sa.Integer(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nodal_officer_id", sa.Integer(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("info_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("rating", sa.String(length=16), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["users.id"], name=op.f("fk_grievances_filed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["nodal_officer_id"], ["users.id"], name=op.f("fk_grievances_nodal_officer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grievances")),
        sa.UniqueConstraint("ack", name=op.f("uq_grievances_ack")),
    )
    with op.batch_alter_table("grievances", schema=None) as batch_op:
        batch_op.create_index("ix_grievances_zone_status", ["zone", "status"], unique=False)
        batch_op.create_index("ix_grievances_status_due_at", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_grievances_filed_by"), ["filed_by"], unique=False)
    op.create_table(
        "grievance_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grievance_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grievance_id"],
            ["grievances.id"],
            name=op.f("fk_grievance_actions_grievance_id_grievances"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_grievance_actions_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grievance_actions")),
    )
    with op.batch_alter_table("grievance_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grievance_actions_grievance_id"), ["grievance_id"], unique=False
        )

    op.create_table(
        "grievance_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grievance_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grievance_id"],
            ["grievances.id"],
            name=op.f("fk_grievance_attachments_grievance_id_grievances"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_grievance_attachments_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grievance_attachments")),
    )
    with op.batch_alter_table("grievance_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grievance_attachments_grievance_id"), ["grievance_id"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_meetings_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_table(
        "meeting_action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("grievance_ack", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_action_items_meeting_id_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_action_items")),
    )
    with op.batch_alter_table("meeting_action_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_action_items_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "awareness_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=8), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=24), nullable=False),
        sa.Column("mo", sa.String(length=40), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("officer", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_awareness_sessions_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_awareness_sessions")),
    )


def downgrade() -> None:
    op.drop_table("awareness_sessions")
    op.drop_table("meeting_action_items")
    op.drop_table("meetings")
    op.drop_table("grievance_attachments")
    op.drop_table("grievance_actions")
    op.drop_table("grievances")
    op.drop_table("grievance_counters")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("zones")
