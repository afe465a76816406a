"""Item analysis tallies: the counted attempts per score level, and running sums per answer and score level

Revision ID: 4e7d2b9c8a15
Revises: 7b4c1e9a2f60
Create Date: 2026-12-02 09:00:00.000000

New tables only. The tallies of attempts finished before this revision are not computed here: every bank
with a finished attempt is listed in stale_tally, and its tallies are rebuilt from the attempts on the
first look at its statistics (or by `flask --app quiz statistics rebuild`). Existing rows are not changed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e7d2b9c8a15'
down_revision = '7b4c1e9a2f60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'counted_attempt',
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('every', sa.Boolean(), nullable=False),
        sa.Column('bank_id', sa.String(length=200), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('points', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ['attempt_id'], ['attempt.id'], name=op.f('fk_counted_attempt_attempt_id_attempt'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('attempt_id', 'every', name=op.f('pk_counted_attempt')),
    )
    op.create_index(
        'ix_counted_attempt_level', 'counted_attempt', ['bank_id', 'every', 'score', 'attempt_id', 'points'],
        unique=False,
    )
    op.create_table(
        'answer_tally',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bank_id', sa.String(length=200), nullable=False),
        sa.Column('every', sa.Boolean(), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('question_id', sa.String(length=100), nullable=False),
        sa.Column('version_hash', sa.String(length=64), nullable=False),
        sa.Column('answer_key', sa.String(length=64), nullable=False),
        sa.Column('answer', sa.Text(), nullable=True),
        *(sa.Column(name, sa.Integer() if name == 'n' else sa.Float(), nullable=False)
          for name in ('n', 'x', 'xx', 'r', 'rr', 'xr', 'p', 'pp')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_tally')),
        sa.UniqueConstraint(
            'bank_id', 'every', 'score', 'question_id', 'version_hash', 'answer_key', name='uq_answer_tally_key'
        ),
    )
    op.create_table(
        'stale_tally',
        sa.Column('bank_id', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('bank_id', name=op.f('pk_stale_tally')),
    )
    op.execute(
        "INSERT INTO stale_tally (bank_id) SELECT DISTINCT bank_id FROM attempt WHERE finished_at IS NOT NULL"
    )


def downgrade():
    op.drop_table('stale_tally')
    op.drop_table('answer_tally')
    op.drop_index('ix_counted_attempt_level', table_name='counted_attempt')
    op.drop_table('counted_attempt')
