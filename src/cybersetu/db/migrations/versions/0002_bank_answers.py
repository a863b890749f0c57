"""banks: bank officers, hold-request clocks, normalised request accounts, bank answers

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bank", sa.String(length=12), nullable=True))
    with op.batch_alter_table("hold_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("layer", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), nullable=False, server_default="hold")
        )
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answer", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("held_paise", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "hold_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=False),
        sa.Column("layer", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("amount_paise", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hold_accounts_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["hold_requests.id"],
            name=op.f("fk_hold_accounts_request_id_hold_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold_accounts")),
    )
    with op.batch_alter_table("hold_accounts", schema=None) as batch_op:
        batch_op.create_index("ix_hold_accounts_account", ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_hold_accounts_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hold_accounts_request_id"), ["request_id"], unique=False
        )
    # Requests drafted before this revision get their account rows from the JSON they kept.
    bind = op.get_bind()
    requests = bind.execute(sa.text("SELECT id, case_id, accounts FROM hold_requests")).all()
    rows = []
    for rid, cid, accounts in requests:
        for a in json.loads(accounts) if isinstance(accounts, str) else accounts:
            rows.append(
                {
                    "request_id": rid,
                    "case_id": cid,
                    "account": a["account"],
                    "layer": int(a["layer"]),
                    "action": a["action"],
                    "amount_paise": int(a["amount_paise"]),
                }
            )
    if rows:
        table = sa.table(
            "hold_accounts",
            sa.column("request_id"),
            sa.column("case_id"),
            sa.column("account"),
            sa.column("layer"),
            sa.column("action"),
            sa.column("amount_paise"),
        )
        op.bulk_insert(table, rows)
    op.create_table(
        "hold_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("held_paise", sa.BigInteger(), nullable=True),
        sa.Column("lien_ref", sa.String(length=80), nullable=True),
        sa.Column("onward", sa.JSON(), nullable=False),
        sa.Column("withdrawn", sa.JSON(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_hold_responses_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["hold_requests.id"],
            name=op.f("fk_hold_responses_request_id_hold_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold_responses")),
        sa.UniqueConstraint(
            "request_id",
            "idempotency_key",
            name=op.f("uq_hold_responses_request_id"),
        ),
    )
    with op.batch_alter_table("hold_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hold_responses_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("hold_responses")
    op.drop_table("hold_accounts")
    with op.batch_alter_table("hold_requests", schema=None) as batch_op:
        for name in ("escalated_at", "held_paise", "answer", "answered_at", "due_at", "kind"):
            batch_op.drop_column(name)
        batch_op.drop_column("layer")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("bank")
