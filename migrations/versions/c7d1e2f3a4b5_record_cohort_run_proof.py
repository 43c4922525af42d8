"""record what a cohort run proved about its optimum

Revision ID: c7d1e2f3a4b5
Revises: d7e3f9a1c2b4
Create Date: 2026-12-01 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d1e2f3a4b5'
down_revision = 'd7e3f9a1c2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cohort_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proof', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('optimality_gap', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('candidates_k', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('candidate_pairs', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('cohort_run', schema=None) as batch_op:
        batch_op.drop_column('candidate_pairs')
        batch_op.drop_column('candidates_k')
        batch_op.drop_column('optimality_gap')
        batch_op.drop_column('proof')
