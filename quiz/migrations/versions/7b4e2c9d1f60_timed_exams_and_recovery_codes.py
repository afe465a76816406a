"""Timed exams (attempt.time_limit, attempt.deadline) and recovery codes

Revision ID: 7b4e2c9d1f60
Revises: 5d2e8a41c7b3
Create Date: 2026-12-02 10:00:00.000000

Two nullable columns added in place (attempts stored before stay untimed, NULL) and a new table;
existing attempts and responses are not touched.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b4e2c9d1f60'
down_revision = '5d2e8a41c7b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_limit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deadline', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'recovery_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['learner_id'], ['learner.id'], name=op.f('fk_recovery_code_learner_id_learner'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_recovery_code_code_hash')),
        sa.UniqueConstraint('learner_id', name=op.f('uq_recovery_code_learner_id')),
    )


def downgrade():
    op.drop_table('recovery_code')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('deadline')
        batch_op.drop_column('time_limit')
