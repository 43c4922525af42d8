"""add cohort runs, proposals and member preferences

Also adds learned_weights: each retraining of the ranking weights from outcomes.

Revision ID: 0490e7c231aa
Revises: ba7cd9db55fe
Create Date: 2026-11-27 06:25:16.284499

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0490e7c231aa'
down_revision = 'ba7cd9db55fe'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('learned_weights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('label_count', sa.Integer(), nullable=False),
    sa.Column('ndcg_default', sa.Double(), nullable=False),
    sa.Column('ndcg_learned', sa.Double(), nullable=False),
    sa.Column('is_adopted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learned_weights'))
    )
    op.create_table('cohort_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('chapter', sa.String(length=80), nullable=False),
    sa.Column('objective', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('min_score', sa.Double(), nullable=False),
    sa.Column('mentee_count', sa.Integer(), nullable=False),
    sa.Column('mentor_count', sa.Integer(), nullable=False),
    sa.Column('matched_count', sa.Integer(), nullable=False),
    sa.Column('total_score', sa.Double(), nullable=False),
    sa.Column('greedy_total', sa.Double(), nullable=False),
    sa.Column('optimal_total', sa.Double(), nullable=False),
    sa.Column('solve_seconds', sa.Double(), nullable=False),
    sa.Column('rank_stats', sa.JSON(), nullable=True),
    sa.Column('waiting', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_cohort_run_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_run'))
    )
    op.create_table('member_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('shortlist', 'block', name='preferencekind', native_enum=False, length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('member_id <> other_id', name=op.f('ck_member_preference_not_self')),
    sa.ForeignKeyConstraint(['member_id'], ['user_account.id'], name=op.f('fk_member_preference_member_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_id'], ['user_account.id'], name=op.f('fk_member_preference_other_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_preference')),
    sa.UniqueConstraint('member_id', 'other_id', name=op.f('uq_member_preference_member_id'))
    )
    with op.batch_alter_table('member_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_preference_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_preference_other_id'), ['other_id'], unique=False)

    op.create_table('cohort_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('score_parts', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'discarded', name='proposalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['mentee_id'], ['user_account.id'], name=op.f('fk_cohort_proposal_mentee_id_user_account')),
    sa.ForeignKeyConstraint(['mentor_id'], ['user_account.id'], name=op.f('fk_cohort_proposal_mentor_id_user_account')),
    sa.ForeignKeyConstraint(['request_id'], ['match_request.id'], name=op.f('fk_cohort_proposal_request_id_match_request')),
    sa.ForeignKeyConstraint(['run_id'], ['cohort_run.id'], name=op.f('fk_cohort_proposal_run_id_cohort_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_proposal')),
    sa.UniqueConstraint('run_id', 'mentee_id', name=op.f('uq_cohort_proposal_run_id'))
    )
    with op.batch_alter_table('cohort_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_proposal_run_id'), ['run_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cohort_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_proposal_run_id'))

    op.drop_table('cohort_proposal')
    with op.batch_alter_table('member_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_preference_other_id'))
        batch_op.drop_index(batch_op.f('ix_member_preference_member_id'))

    op.drop_table('member_preference')
    op.drop_table('cohort_run')
    op.drop_table('learned_weights')
