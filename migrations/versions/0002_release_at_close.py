"""Release at close: anonymous responses join published figures when their cycle closes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:00:00

Existing submitted responses of closed cycles are released, as their figures were already
published; those of open cycles wait for the close.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

ANONYMOUS = ("experts_by_experience", "partner")


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('released_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('response_scores', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('released', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        "UPDATE responses SET released_at = CURRENT_TIMESTAMP "
        "WHERE status = 'submitted' AND lens IN ('experts_by_experience', 'partner') "
        "AND assessment_id IN (SELECT a.id FROM assessments a JOIN cycles c "
        "ON c.id = a.cycle_id WHERE c.status = 'closed')"
    )
    op.execute(
        "UPDATE response_scores SET released = "
        "(lens NOT IN ('experts_by_experience', 'partner') OR response_id IN "
        "(SELECT id FROM responses WHERE released_at IS NOT NULL))"
    )


def downgrade():
    with op.batch_alter_table('response_scores', schema=None) as batch_op:
        batch_op.drop_column('released')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('released_at')
