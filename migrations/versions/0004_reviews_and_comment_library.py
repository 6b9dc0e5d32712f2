"""Reviews of submitted attempts and trainers' comment libraries.

Revision ID: 0004_review
Revises: 0002
Create Date: 2026-11-28 23:37:24.950376

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_review'
down_revision = '0003_content_v2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trainer_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trainer_id'], ['users.id'], name=op.f('fk_trainer_comments_trainer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainer_comments'))
    )
    with op.batch_alter_table('trainer_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainer_comments_trainer_id'), ['trainer_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('round_submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('answer_ids', sa.JSON(), nullable=False),
    sa.Column('answers_as_returned', sa.JSON(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_reviews_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('attempt_id', 'round_submitted_at', name=op.f('uq_reviews_attempt_id_round_submitted_at'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_attempt_decided', ['attempt_id', 'decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_reviewer_id'), ['reviewer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_reviewer_id'))
        batch_op.drop_index('ix_reviews_attempt_decided')

    op.drop_table('reviews')
    with op.batch_alter_table('trainer_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainer_comments_trainer_id'))

    op.drop_table('trainer_comments')
