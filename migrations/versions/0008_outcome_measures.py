"""Outcome measures: monthly values per team, the uploads that brought them, and the values an
upload replaced

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'measure_uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('measure_set_version', sa.Integer(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('added', sa.Integer(), nullable=False),
        sa.Column('replaced', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_measure_uploads_organisation_id_organisations'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_measure_uploads_user_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_uploads')),
    )
    with op.batch_alter_table('measure_uploads') as batch:
        batch.create_index(
            batch.f('ix_measure_uploads_organisation_id'), ['organisation_id'], unique=False
        )
    op.create_table(
        'measure_values',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('measure', sa.String(length=64), nullable=False),
        sa.Column('team', sa.String(length=100), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('numerator', sa.Float(), nullable=True),
        sa.Column('denominator', sa.Float(), nullable=True),
        sa.Column('upload_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_measure_values_organisation_id_organisations'),
        ),
        sa.ForeignKeyConstraint(
            ['upload_id'], ['measure_uploads.id'],
            name=op.f('fk_measure_values_upload_id_measure_uploads'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_values')),
        sa.UniqueConstraint(
            'organisation_id', 'measure', 'team', 'month',
            name=op.f('uq_measure_values_organisation_id_measure_team_month'),
        ),
    )
    with op.batch_alter_table('measure_values') as batch:
        batch.create_index(
            'ix_measure_values_organisation_measure_month',
            ['organisation_id', 'measure', 'month'], unique=False,
        )
    op.create_table(
        'measure_value_history',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('measure', sa.String(length=64), nullable=False),
        sa.Column('team', sa.String(length=100), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('numerator', sa.Float(), nullable=True),
        sa.Column('denominator', sa.Float(), nullable=True),
        sa.Column('upload_id', sa.Integer(), nullable=True),
        sa.Column('replaced_by_id', sa.Integer(), nullable=False),
        sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_measure_value_history_organisation_id_organisations'),
        ),
        sa.ForeignKeyConstraint(
            ['upload_id'], ['measure_uploads.id'],
            name=op.f('fk_measure_value_history_upload_id_measure_uploads'),
        ),
        sa.ForeignKeyConstraint(
            ['replaced_by_id'], ['measure_uploads.id'],
            name=op.f('fk_measure_value_history_replaced_by_id_measure_uploads'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_value_history')),
    )
    with op.batch_alter_table('measure_value_history') as batch:
        batch.create_index(
            batch.f('ix_measure_value_history_organisation_id'), ['organisation_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('measure_value_history') as batch:
        batch.drop_index(batch.f('ix_measure_value_history_organisation_id'))
    op.drop_table('measure_value_history')
    with op.batch_alter_table('measure_values') as batch:
        batch.drop_index('ix_measure_values_organisation_measure_month')
    op.drop_table('measure_values')
    with op.batch_alter_table('measure_uploads') as batch:
        batch.drop_index(batch.f('ix_measure_uploads_organisation_id'))
    op.drop_table('measure_uploads')
