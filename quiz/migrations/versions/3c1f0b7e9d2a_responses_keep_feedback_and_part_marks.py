"""Responses keep the grade's feedback texts and part marks, so a review never grades again

Revision ID: 3c1f0b7e9d2a
Revises: 8a8a3a68369d
Create Date: 2026-12-01 10:00:00.000000

Both columns are nullable and added in place (ALTER TABLE ... ADD COLUMN, on SQLite too): rows
stored before this revision are not touched and keep NULL there, which means "re-grade to review".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1f0b7e9d2a'
down_revision = '8a8a3a68369d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('parts', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('parts')
        batch_op.drop_column('feedback')
