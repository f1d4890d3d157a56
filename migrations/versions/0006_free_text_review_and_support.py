"""Free text is shown only after a lead's review; each organisation's own crisis and advice routes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations') as batch:
        batch.add_column(sa.Column('crisis_line', sa.String(length=300), nullable=True))
        batch.add_column(sa.Column('advice_service', sa.String(length=300), nullable=True))
    op.create_table(
        'free_text_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('shown_text', sa.Text(), nullable=True),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['answer_id'], ['answers.id'],
            name=op.f('fk_free_text_reviews_answer_id_answers'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['reviewed_by_id'], ['users.id'],
            name=op.f('fk_free_text_reviews_reviewed_by_id_users'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_free_text_reviews')),
        sa.UniqueConstraint('answer_id', 'field', name=op.f('uq_free_text_reviews_answer_id_field')),
    )


def downgrade():
    op.drop_table('free_text_reviews')
    with op.batch_alter_table('organisations') as batch:
        batch.drop_column('advice_service')
        batch.drop_column('crisis_line')
