"""restoration: restorations, bank credits, hold clock alerts; restored money and closing on the case

Revision ID: 0004_restoration
Revises: 0003_traders
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_restoration"
down_revision = "0003_traders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hold_clock_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hold_clock_alerts_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["hold_requests.id"],
            name=op.f("fk_hold_clock_alerts_request_id_hold_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold_clock_alerts")),
        sa.UniqueConstraint("request_id", "kind", name=op.f("uq_hold_clock_alerts_request_id")),
    )
    with op.batch_alter_table("hold_clock_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hold_clock_alerts_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hold_clock_alerts_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "restorations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=12), nullable=False),
        sa.Column("amount_paise", sa.BigInteger(), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("victim_account", sa.String(length=120), nullable=True),
        sa.Column("order_ref", sa.String(length=100), nullable=True),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("order_authority", sa.String(length=200), nullable=True),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ordered_by", sa.Integer(), nullable=True),
        sa.Column("credited_paise", sa.BigInteger(), nullable=False),
        sa.Column("credited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_restorations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["ordered_by"], ["users.id"], name=op.f("fk_restorations_ordered_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["hold_requests.id"],
            name=op.f("fk_restorations_request_id_hold_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["started_by"], ["users.id"], name=op.f("fk_restorations_started_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restorations")),
        sa.UniqueConstraint("request_id", name=op.f("uq_restorations_request_id")),
    )
    with op.batch_alter_table("restorations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_restorations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "restoration_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("restoration_id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=12), nullable=False),
        sa.Column("amount_paise", sa.BigInteger(), nullable=False),
        sa.Column("credit_ref", sa.String(length=64), nullable=False),
        sa.Column("credited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_restoration_credits_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["restoration_id"],
            ["restorations.id"],
            name=op.f("fk_restoration_credits_restoration_id_restorations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restoration_credits")),
        sa.UniqueConstraint(
            "restoration_id", "idempotency_key", name=op.f("uq_restoration_credits_restoration_id")
        ),
    )
    with op.batch_alter_table("restoration_credits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_restoration_credits_restoration_id"), ["restoration_id"], unique=False
        )

    with op.batch_alter_table("cases", schema=None) as batch_op:
        # Existing cases have restored nothing yet.
        batch_op.add_column(
            sa.Column("restored_paise", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("close_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("close_reason")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("restored_paise")

    with op.batch_alter_table("restoration_credits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restoration_credits_restoration_id"))

    op.drop_table("restoration_credits")
    with op.batch_alter_table("restorations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restorations_case_id"))

    op.drop_table("restorations")
    with op.batch_alter_table("hold_clock_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hold_clock_alerts_request_id"))
        batch_op.drop_index(batch_op.f("ix_hold_clock_alerts_case_id"))

    op.drop_table("hold_clock_alerts")
