"""Spaced review: each learner's memory of each question (FSRS) and the reviews that shaped it

Revision ID: 7b4c1e9a2f60
Revises: 9b4e7c2d1f60
Create Date: 2026-12-01 09:00:00.000000

New tables, and one new nullable column on attempt_item (the bank a spaced review drew a question
from; NULL, as on every item stored before, means the attempt's own bank). Existing attempts, items
and responses are not changed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b4c1e9a2f60'
down_revision = '9b4e7c2d1f60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_id', sa.String(length=200), nullable=True))
    op.create_table(
        'memory_card',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('bank_id', sa.String(length=200), nullable=False),
        sa.Column('question_id', sa.String(length=100), nullable=False),
        sa.Column('state', sa.Integer(), nullable=False),
        sa.Column('step', sa.Integer(), nullable=True),
        sa.Column('stability', sa.Float(), nullable=True),
        sa.Column('difficulty', sa.Float(), nullable=True),
        sa.Column('due', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_review', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_memory_card_learner_id_learner')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_memory_card')),
        sa.UniqueConstraint(
            'learner_id', 'bank_id', 'question_id', name=op.f('uq_memory_card_learner_id_bank_id_question_id')
        ),
    )
    op.create_index('ix_memory_card_learner_due', 'memory_card', ['learner_id', 'due'], unique=False)
    op.create_table(
        'memory_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('bank_id', sa.String(length=200), nullable=False),
        sa.Column('question_id', sa.String(length=100), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.Column('guessed', sa.Boolean(), nullable=False),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], name=op.f('fk_memory_review_learner_id_learner')),
        sa.ForeignKeyConstraint(
            ['response_id'], ['response.id'], name=op.f('fk_memory_review_response_id_response'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_memory_review')),
        sa.UniqueConstraint('response_id', name=op.f('uq_memory_review_response_id')),
    )
    op.create_index(
        'ix_memory_review_learner_question', 'memory_review', ['learner_id', 'bank_id', 'question_id'], unique=False
    )


def downgrade():
    op.drop_index('ix_memory_review_learner_question', table_name='memory_review')
    op.drop_table('memory_review')
    op.drop_index('ix_memory_card_learner_due', table_name='memory_card')
    op.drop_table('memory_card')
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.drop_column('bank_id')
