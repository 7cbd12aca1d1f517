"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:13:06.424712
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=True),
        sa.Column("entity_uuid", sa.Uuid(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "establishment",
        sa.Column("uai", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=10), nullable=True),
        sa.Column("education_prioritaire", sa.String(length=8), nullable=True),
        sa.Column("qpv_location", sa.String(length=8), nullable=True),
        sa.Column("commune", sa.String(length=120), nullable=True),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("departement", sa.String(length=3), nullable=True),
        sa.Column("academie", sa.String(length=80), nullable=True),
        sa.Column("address", sa.String(length=250), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("enrolment", sa.Integer(), nullable=True),
        sa.Column("in_territory", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "education_prioritaire IN ('REP+', 'REP', 'hors EP')",
            name=op.f("ck_establishment_education_prioritaire_values"),
        ),
        sa.CheckConstraint(
            "kind IN ('maternelle', 'elementaire', 'primaire', 'college', 'lycee_gt', 'lycee_pro', 'lycee_polyvalent', 'autre')",
            name=op.f("ck_establishment_kind_values"),
        ),
        sa.CheckConstraint(
            "qpv_location IN ('in', 'near', 'outside')",
            name=op.f("ck_establishment_qpv_location_values"),
        ),
        sa.CheckConstraint(
            "sector IN ('public', 'prive')", name=op.f("ck_establishment_sector_values")
        ),
        sa.CheckConstraint(
            "enrolment IS NULL OR enrolment >= 0", name=op.f("ck_establishment_enrolment_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment")),
        sa.UniqueConstraint("uai", name=op.f("uq_establishment_uai")),
        sa.UniqueConstraint("uuid", name=op.f("uq_establishment_uuid")),
    )
    with op.batch_alter_table("establishment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_establishment_name"), ["name"], unique=False)

    op.create_table(
        "partner",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("contact_name", sa.String(length=150), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('association', 'entreprise', 'service_public', 'enseignement_superieur', 'autre')",
            name=op.f("ck_partner_kind_values"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("uuid", name=op.f("uq_partner_uuid")),
    )
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_name"), ["name"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "territory",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("academie", sa.String(length=80), nullable=True),
        sa.Column("departement", sa.String(length=3), nullable=True),
        sa.Column("holiday_zone", sa.String(length=8), nullable=False),
        sa.Column("alsace_moselle", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "holiday_zone IN ('A', 'B', 'C', 'Corse', 'DROM')",
            name=op.f("ck_territory_holiday_zone_values"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territory")),
        sa.UniqueConstraint("uuid", name=op.f("uq_territory_uuid")),
    )
    op.create_table(
        "venue",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=250), nullable=True),
        sa.Column("commune", sa.String(length=120), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_venue_capacity_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue")),
        sa.UniqueConstraint("uuid", name=op.f("uq_venue_uuid")),
    )
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_venue_name"), ["name"], unique=False)

    op.create_table(
        "action",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("axis", sa.String(length=20), nullable=False),
        sa.Column("porteur_id", sa.Integer(), nullable=True),
        sa.Column("school_year", sa.String(length=9), nullable=True),
        sa.Column("budget_planned", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("budget_spent", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("funding_source", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "axis IN ('ecole', 'continuite', 'possibles')", name=op.f("ck_action_axis_values")
        ),
        sa.CheckConstraint(
            "(budget_planned IS NULL OR budget_planned >= 0) AND (budget_spent IS NULL OR budget_spent >= 0)",
            name=op.f("ck_action_budget_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["porteur_id"],
            ["partner.id"],
            name=op.f("fk_action_porteur_id_partner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("uuid", name=op.f("uq_action_uuid")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_porteur_id"), ["porteur_id"], unique=False)

    op.create_table(
        "class_time",
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.CheckConstraint("end_time > start_time", name=op.f("ck_class_time_ends_after_start")),
        sa.CheckConstraint(
            "weekday >= 0 AND weekday <= 6", name=op.f("ck_class_time_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_class_time_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_time")),
        sa.UniqueConstraint("uuid", name=op.f("uq_class_time_uuid")),
    )
    with op.batch_alter_table("class_time", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_time_establishment_id"), ["establishment_id"], unique=False
        )

    op.create_table(
        "convention",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_convention_date_range"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_convention_partner_id_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convention")),
        sa.UniqueConstraint("uuid", name=op.f("uq_convention_uuid")),
    )
    with op.batch_alter_table("convention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_convention_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "establishment_ips",
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("rentree", sa.String(length=9), nullable=False),
        sa.Column("ips", sa.Float(), nullable=True),
        sa.Column("ips_sd", sa.Float(), nullable=True),
        sa.Column("ips_gt", sa.Float(), nullable=True),
        sa.Column("ips_pro", sa.Float(), nullable=True),
        sa.Column("ips_sd_gt", sa.Float(), nullable=True),
        sa.Column("ips_sd_pro", sa.Float(), nullable=True),
        sa.Column("enrolment", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_establishment_ips_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment_ips")),
        sa.UniqueConstraint(
            "establishment_id", "rentree", name=op.f("uq_establishment_ips_establishment_id")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_establishment_ips_uuid")),
    )
    with op.batch_alter_table("establishment_ips", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_establishment_ips_establishment_id"), ["establishment_id"], unique=False
        )

    op.create_table(
        "establishment_social_groups",
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("rentree", sa.String(length=9), nullable=False),
        sa.Column("share_very_advantaged", sa.Float(), nullable=False),
        sa.Column("share_advantaged", sa.Float(), nullable=False),
        sa.Column("share_middle", sa.Float(), nullable=False),
        sa.Column("share_disadvantaged", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "share_very_advantaged >= 0 AND share_advantaged >= 0 AND share_middle >= 0 AND share_disadvantaged >= 0",
            name=op.f("ck_establishment_social_groups_shares_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_establishment_social_groups_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment_social_groups")),
        sa.UniqueConstraint(
            "establishment_id",
            "rentree",
            name=op.f("uq_establishment_social_groups_establishment_id"),
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_establishment_social_groups_uuid")),
    )
    with op.batch_alter_table("establishment_social_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_establishment_social_groups_establishment_id"),
            ["establishment_id"],
            unique=False,
        )

    op.create_table(
        "facilitator",
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_facilitator_partner_id_partner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilitator")),
        sa.UniqueConstraint("uuid", name=op.f("uq_facilitator_uuid")),
    )
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facilitator_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_facilitator_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "pupil",
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("niveau", sa.String(length=4), nullable=True),
        sa.Column("class_label", sa.String(length=60), nullable=True),
        sa.Column("ulis", sa.Boolean(), nullable=False),
        sa.Column("segpa", sa.Boolean(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("qpv", sa.String(length=8), nullable=False),
        sa.Column("ine", sa.String(length=11), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "niveau IN ('PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', '6e', '5e', '4e', '3e', '2de', '1re', 'Tle', 'CAP1', 'CAP2')",
            name=op.f("ck_pupil_niveau_values"),
        ),
        sa.CheckConstraint("qpv IN ('oui', 'non', 'inconnu')", name=op.f("ck_pupil_qpv_values")),
        sa.CheckConstraint("sex IN ('F', 'M')", name=op.f("ck_pupil_sex_values")),
        sa.CheckConstraint(
            "birth_year IS NULL OR (birth_year >= 1980 AND birth_year <= 2100)",
            name=op.f("ck_pupil_birth_year_plausible"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_pupil_establishment_id_establishment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupil")),
        sa.UniqueConstraint("ine", name=op.f("uq_pupil_ine")),
        sa.UniqueConstraint("uuid", name=op.f("uq_pupil_uuid")),
    )
    with op.batch_alter_table("pupil", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pupil_establishment_id"), ["establishment_id"], unique=False
        )
        batch_op.create_index("ix_pupil_name", ["last_name", "first_name"], unique=False)

    op.create_table(
        "territory_commune",
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("code_insee", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["territory.id"],
            name=op.f("fk_territory_commune_territory_id_territory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territory_commune")),
        sa.UniqueConstraint("uuid", name=op.f("uq_territory_commune_uuid")),
    )
    op.create_table(
        "activity",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("orientation_kind", sa.String(length=30), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("max_school_share", sa.Float(), nullable=True),
        sa.Column("min_schools", sa.Integer(), nullable=True),
        sa.Column("requires_image_rights", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('periscolaire', 'orientation', 'autre')", name=op.f("ck_activity_kind_values")
        ),
        sa.CheckConstraint(
            "orientation_kind IN ('decouverte_metiers', 'visite_entreprise', 'forum', 'stage_3e', 'stage_2de', 'cordee_reussite', 'rencontre_professionnels')",
            name=op.f("ck_activity_orientation_kind_values"),
        ),
        sa.CheckConstraint(
            "orientation_kind IS NULL OR kind = 'orientation'",
            name=op.f("ck_activity_orientation_kind_only"),
        ),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_activity_capacity_positive")
        ),
        sa.CheckConstraint(
            "max_school_share IS NULL OR (max_school_share > 0 AND max_school_share <= 1)",
            name=op.f("ck_activity_max_school_share_range"),
        ),
        sa.CheckConstraint(
            "min_schools IS NULL OR min_schools >= 1", name=op.f("ck_activity_min_schools_positive")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_activity_action_id_action"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("uuid", name=op.f("uq_activity_uuid")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_action_id"), ["action_id"], unique=False)

    op.create_table(
        "authorisation",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("received_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('participation', 'droit_image')", name=op.f("ck_authorisation_kind_values")
        ),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from",
            name=op.f("ck_authorisation_valid_range"),
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_authorisation_pupil_id_pupil"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorisation")),
        sa.UniqueConstraint("uuid", name=op.f("uq_authorisation_uuid")),
    )
    with op.batch_alter_table("authorisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authorisation_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "activity_establishment",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_establishment_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_activity_establishment_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "activity_id", "establishment_id", name=op.f("pk_activity_establishment")
        ),
    )
    op.create_table(
        "activity_niveau",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("niveau", sa.String(length=4), nullable=False),
        sa.CheckConstraint(
            "niveau IN ('PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', '6e', '5e', '4e', '3e', '2de', '1re', 'Tle', 'CAP1', 'CAP2')",
            name=op.f("ck_activity_niveau_niveau_values"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_niveau_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "niveau", name=op.f("pk_activity_niveau")),
    )
    op.create_table(
        "activity_session",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.String(length=250), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("attendance_taken_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_activity_session_capacity_positive")
        ),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_activity_session_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_session_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"],
            ["venue.id"],
            name=op.f("fk_activity_session_venue_id_venue"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_session")),
        sa.UniqueConstraint("uuid", name=op.f("uq_activity_session_uuid")),
    )
    with op.batch_alter_table("activity_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_session_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_session_series_id"), ["series_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_session_starts_at"), ["starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_session_venue_id"), ["venue_id"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('present', 'absent_excuse', 'absent_non_excuse')",
            name=op.f("ck_attendance_status_values"),
        ),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes >= 0", name=op.f("ck_attendance_minutes_positive")
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_attendance_pupil_id_pupil"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["activity_session.id"],
            name=op.f("fk_attendance_session_id_activity_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("session_id", "pupil_id", name=op.f("uq_attendance_session_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_attendance_uuid")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_pupil", ["pupil_id"], unique=False)

    op.create_table(
        "registration",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("waiting_rank", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'attente' AND waiting_rank IS NOT NULL AND waiting_rank >= 1) OR (status <> 'attente' AND waiting_rank IS NULL)",
            name=op.f("ck_registration_waiting_rank_iff_waiting"),
        ),
        sa.CheckConstraint(
            "status IN ('inscrit', 'attente', 'annule')", name=op.f("ck_registration_status_values")
        ),
        sa.CheckConstraint(
            "activity_id IS NOT NULL OR session_id IS NOT NULL",
            name=op.f("ck_registration_activity_or_session"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_registration_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_registration_pupil_id_pupil"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["activity_session.id"],
            name=op.f("fk_registration_session_id_activity_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration")),
        sa.UniqueConstraint("uuid", name=op.f("uq_registration_uuid")),
    )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registration_activity_pupil", ["activity_id", "pupil_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_registration_pupil_id"), ["pupil_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_registration_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_establishment",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_session_establishment_establishment_id_establishment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["activity_session.id"],
            name=op.f("fk_session_establishment_session_id_activity_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "establishment_id", name=op.f("pk_session_establishment")
        ),
    )
    op.create_table(
        "session_facilitator",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitator.id"],
            name=op.f("fk_session_facilitator_facilitator_id_facilitator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["activity_session.id"],
            name=op.f("fk_session_facilitator_session_id_activity_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "facilitator_id", name=op.f("pk_session_facilitator")
        ),
    )


def downgrade() -> None:

    op.drop_table("session_facilitator")
    op.drop_table("session_establishment")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_session_id"))
        batch_op.drop_index(batch_op.f("ix_registration_pupil_id"))
        batch_op.drop_index("ix_registration_activity_pupil")

    op.drop_table("registration")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_pupil")

    op.drop_table("attendance")
    with op.batch_alter_table("activity_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_session_venue_id"))
        batch_op.drop_index(batch_op.f("ix_activity_session_starts_at"))
        batch_op.drop_index(batch_op.f("ix_activity_session_series_id"))
        batch_op.drop_index(batch_op.f("ix_activity_session_activity_id"))

    op.drop_table("activity_session")
    op.drop_table("activity_niveau")
    op.drop_table("activity_establishment")
    with op.batch_alter_table("authorisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorisation_pupil_id"))

    op.drop_table("authorisation")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_action_id"))

    op.drop_table("activity")
    op.drop_table("territory_commune")
    with op.batch_alter_table("pupil", schema=None) as batch_op:
        batch_op.drop_index("ix_pupil_name")
        batch_op.drop_index(batch_op.f("ix_pupil_establishment_id"))

    op.drop_table("pupil")
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facilitator_partner_id"))
        batch_op.drop_index(batch_op.f("ix_facilitator_name"))

    op.drop_table("facilitator")
    with op.batch_alter_table("establishment_social_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishment_social_groups_establishment_id"))

    op.drop_table("establishment_social_groups")
    with op.batch_alter_table("establishment_ips", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishment_ips_establishment_id"))

    op.drop_table("establishment_ips")
    with op.batch_alter_table("convention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_convention_partner_id"))

    op.drop_table("convention")
    with op.batch_alter_table("class_time", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_time_establishment_id"))

    op.drop_table("class_time")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_porteur_id"))

    op.drop_table("action")
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_venue_name"))

    op.drop_table("venue")
    op.drop_table("territory")
    op.drop_table("setting")
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_name"))

    op.drop_table("partner")
    with op.batch_alter_table("establishment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishment_name"))

    op.drop_table("establishment")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
