"""add email verification to accounts (existing accounts count as verified)

Revision ID: c7e1a9d4f2b3
Revises: 5c1e2a7d9b40
Create Date: 2026-12-01 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e1a9d4f2b3'
down_revision = '5c1e2a7d9b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('verification_sent_at', sa.DateTime(timezone=True), nullable=True))
    # Accounts made before verification existed keep working: they count as verified.
    op.execute("UPDATE user_account SET email_verified_at = created_at")


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('verification_sent_at')
        batch_op.drop_column('email_verified_at')
