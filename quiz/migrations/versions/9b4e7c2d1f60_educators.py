"""Educator accounts, and an index for item analysis of one bank's attempts

Revision ID: 9b4e7c2d1f60
Revises: 7b4e2c9d1f60
Create Date: 2026-12-01 09:00:00.000000

A new table and a new index only; existing attempts and responses are not touched.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b4e7c2d1f60'
down_revision = '7b4e2c9d1f60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'educator',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('session_key', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_educator')),
        sa.UniqueConstraint('email', name=op.f('uq_educator_email')),
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_bank_learner', ['bank_id', 'learner_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_bank_learner')
    op.drop_table('educator')
