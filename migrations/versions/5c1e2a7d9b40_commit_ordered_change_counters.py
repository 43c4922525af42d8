"""commit-ordered change counters for the mentor index and the chapter lists; an index
for the admin member list

Revision ID: 5c1e2a7d9b40
Revises: 09cc375baff2
Create Date: 2026-12-01 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e2a7d9b40'
down_revision = '09cc375baff2'
branch_labels = None
depends_on = None


def upgrade():
    version = op.create_table(
        'data_version',
        sa.Column('name', sa.String(length=20), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_version')),
    )
    op.create_table(
        'member_change',
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.BigInteger(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('version', 'user_id', name=op.f('pk_member_change')),
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index('ix_user_account_created', ['created_at', 'id'], unique=False)
    # Counters start at zero; an index built before this revision refits once.
    op.bulk_insert(
        version,
        [{'name': name, 'version': 0} for name in ('members', 'chapters', 'pruned')],
    )


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index('ix_user_account_created')
    op.drop_table('member_change')
    op.drop_table('data_version')
