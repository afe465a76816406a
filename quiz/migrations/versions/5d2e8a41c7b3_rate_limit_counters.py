"""Rate-limit counters in the database, so limits hold across worker processes and servers

Revision ID: 5d2e8a41c7b3
Revises: 3c1f0b7e9d2a
Create Date: 2026-11-30 05:00:00.000000

A new table only; existing attempts and responses are not touched.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2e8a41c7b3'
down_revision = '3c1f0b7e9d2a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rate_limit',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit')),
    )
    with op.batch_alter_table('rate_limit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_limit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_expires_at'))
    op.drop_table('rate_limit')
