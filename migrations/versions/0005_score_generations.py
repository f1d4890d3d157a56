"""A generation counter per cycle, raised by every change to its stored scores

Cached benchmark figures are keyed by it, so the first page after a change (a submission, an
agreed position, a release, a rebuild of the scores, a changed benchmark setting) shows the new
figures in every process.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'score_generations',
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['cycle_id'], ['cycles.id'],
            name=op.f('fk_score_generations_cycle_id_cycles'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('cycle_id', name=op.f('pk_score_generations')),
    )


def downgrade():
    op.drop_table('score_generations')
