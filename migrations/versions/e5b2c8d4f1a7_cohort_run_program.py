"""cohort runs belong to a program; existing runs join the default program

Revision ID: e5b2c8d4f1a7
Revises: c4d1e8a2b7f3
Create Date: 2026-12-01 21:45:00

A run matches one program's accepted members, so a program admin sees only the
runs of the programs they run. Runs made before programs existed move into the
program the requests were moved into (the only one, if exactly one exists).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e5b2c8d4f1a7"
down_revision = 'c4d1e8a2b7f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cohort_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_cohort_run_program_id"), ["program_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_cohort_run_program_id_program"),
            "program",
            ["program_id"],
            ["id"],
        )
    bind = op.get_bind()
    ids = bind.execute(sa.text("SELECT id FROM program")).scalars().all()
    if len(ids) == 1:
        bind.execute(
            sa.text("UPDATE cohort_run SET program_id = :p"), {"p": int(ids[0])}
        )


def downgrade():
    with op.batch_alter_table("cohort_run", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_cohort_run_program_id_program"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_cohort_run_program_id"))
        batch_op.drop_column("program_id")
