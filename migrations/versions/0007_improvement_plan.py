"""The improvement plan: actions owned by the organisation and carried from cycle to cycle, with
dated progress updates; existing action notes become actions (not started), nothing is lost

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('ingredient', sa.String(length=40), nullable=False),
        sa.Column('statements', sa.JSON(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('owner_role', sa.String(length=200), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('target_level', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_actions_organisation_id_organisations'),
        ),
        sa.ForeignKeyConstraint(
            ['assessment_id'], ['assessments.id'], name=op.f('fk_actions_assessment_id_assessments')
        ),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_actions_owner_id_users')),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'], name=op.f('fk_actions_created_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_actions')),
    )
    with op.batch_alter_table('actions') as batch:
        batch.create_index(batch.f('ix_actions_organisation_id'), ['organisation_id'], unique=False)
        batch.create_index(batch.f('ix_actions_assessment_id'), ['assessment_id'], unique=False)
    op.create_table(
        'action_updates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('changes', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['action_id'], ['actions.id'],
            name=op.f('fk_action_updates_action_id_actions'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['author_id'], ['users.id'], name=op.f('fk_action_updates_author_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_updates')),
    )
    with op.batch_alter_table('action_updates') as batch:
        batch.create_index(batch.f('ix_action_updates_action_id'), ['action_id'], unique=False)

    # Every action note becomes an action of its assessment's organisation, not yet started, with
    # its owner kept as a named role (notes had free-text owners, not accounts).
    op.execute(
        """
        INSERT INTO actions (organisation_id, assessment_id, ingredient, statements, text,
                             owner_role, due_on, status, revision, created_by_id, created_at,
                             updated_at)
        SELECT assessments.organisation_id, action_notes.assessment_id, action_notes.ingredient,
               '[]', action_notes.text, action_notes.owner, action_notes.due_on, 'not_started', 1,
               action_notes.created_by_id, action_notes.created_at, action_notes.created_at
        FROM action_notes JOIN assessments ON assessments.id = action_notes.assessment_id
        ORDER BY action_notes.id
        """
    )
    with op.batch_alter_table('action_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_notes_assessment_id'))
    op.drop_table('action_notes')


def downgrade():
    op.create_table(
        'action_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('ingredient', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['assessment_id'], ['assessments.id'],
            name=op.f('fk_action_notes_assessment_id_assessments'),
        ),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'], name=op.f('fk_action_notes_created_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_notes')),
    )
    with op.batch_alter_table('action_notes', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_action_notes_assessment_id'), ['assessment_id'], unique=False
        )
    # Progress updates, statuses, targets and owners' accounts have no place in a note: the
    # downgrade keeps what a note can hold.
    op.execute(
        """
        INSERT INTO action_notes (assessment_id, ingredient, text, owner, due_on, created_by_id,
                                  created_at)
        SELECT assessment_id, ingredient, text, owner_role, due_on, created_by_id, created_at
        FROM actions ORDER BY id
        """
    )
    op.drop_table('action_updates')
    with op.batch_alter_table('actions') as batch:
        batch.drop_index(batch.f('ix_actions_assessment_id'))
        batch.drop_index(batch.f('ix_actions_organisation_id'))
    op.drop_table('actions')
