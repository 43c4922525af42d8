"""mentor wishes (whom I want to mentor), mentee target industries, reasons per reader

Revision ID: c4d1e8a2b7f3
Revises: 541e88e29030
Create Date: 2026-12-01 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d1e8a2b7f3'
down_revision = '541e88e29030'
branch_labels = None
depends_on = None

# Existing rows get empty wishes / no per-reader reasons (the server defaults).
EMPTY_LIST = sa.text("'[]'")
EMPTY_DICT = sa.text("'{}'")
PROFILE_LISTS = (
    'wants_career_stages',
    'wants_topics',
    'wants_industries',
    'target_industries',
)


def upgrade():
    with op.batch_alter_table('profile', schema=None) as batch_op:
        for name in PROFILE_LISTS[:3]:
            batch_op.add_column(
                sa.Column(name, sa.JSON(), nullable=False, server_default=EMPTY_LIST)
            )
        batch_op.add_column(sa.Column('max_hours_month', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                'target_industries', sa.JSON(), nullable=False, server_default=EMPTY_LIST
            )
        )
    for table in ('match_request', 'cohort_proposal'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    'reader_reasons', sa.JSON(), nullable=False, server_default=EMPTY_DICT
                )
            )


def downgrade():
    for table in ('cohort_proposal', 'match_request'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('reader_reasons')
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('target_industries')
        batch_op.drop_column('max_hours_month')
        for name in reversed(PROFILE_LISTS[:3]):
            batch_op.drop_column(name)
