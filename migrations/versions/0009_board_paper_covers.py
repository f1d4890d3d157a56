"""The board paper's cover sheet, filled by the improvement lead: one per assessment

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'board_paper_covers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('meeting', sa.String(length=200), nullable=True),
        sa.Column('meeting_on', sa.Date(), nullable=True),
        sa.Column('purpose', sa.String(length=20), nullable=True),
        sa.Column('executive_summary', sa.Text(), nullable=True),
        sa.Column('recommendation', sa.Text(), nullable=True),
        sa.Column('assurance', sa.String(length=20), nullable=True),
        sa.Column('strategic_objectives', sa.Text(), nullable=True),
        sa.Column('risks', sa.Text(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['assessment_id'], ['assessments.id'],
            name=op.f('fk_board_paper_covers_assessment_id_assessments'),
        ),
        sa.ForeignKeyConstraint(
            ['updated_by_id'], ['users.id'], name=op.f('fk_board_paper_covers_updated_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_board_paper_covers')),
        sa.UniqueConstraint('assessment_id', name=op.f('uq_board_paper_covers_assessment_id')),
    )


def downgrade():
    op.drop_table('board_paper_covers')
