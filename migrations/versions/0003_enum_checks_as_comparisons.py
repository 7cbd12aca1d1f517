"""enumeration CHECK constraints as OR-ed comparisons

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 23:00:00

SQLite evaluates ``col IN ('a', 'b', 'c', …)`` in a CHECK constraint by building a temporary
lookup table again for every inserted row; with 17 niveaux that doubled the cost of writing a
pupil (25,000 pupils: 0.20 s instead of 0.10 s for the same rows, see bench/bench_imports.py).
``col = 'a' OR col = 'b' OR …`` means the same thing, NULL included, and costs nothing. The
constraints keep their names and their meaning; only their text changes.

On SQLite the table definitions are rewritten in place with the procedure SQLite documents for
changing a CHECK constraint (lang_altertable.html, « Making Other Kinds Of Table Schema
Changes »): ``writable_schema``, an UPDATE of the stored CREATE TABLE text, a schema-version
bump, all inside the migration's transaction, then ``quick_check``. Recreating the tables
instead would copy every row of attendance and cannot run with foreign keys enforced. On
PostgreSQL each constraint is dropped and added again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NIVEAUX = (
    "PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2",
    "6e", "5e", "4e", "3e", "2de", "1re", "Tle", "CAP1", "CAP2",
)  # fmt: skip

# (table, constraint, column, allowed values), as revision 0001 created them.
ENUM_CHECKS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("establishment", "ck_establishment_sector_values", "sector", ("public", "prive")),
    (
        "establishment",
        "ck_establishment_kind_values",
        "kind",
        (
            "maternelle",
            "elementaire",
            "primaire",
            "college",
            "lycee_gt",
            "lycee_pro",
            "lycee_polyvalent",
            "autre",
        ),
    ),  # fmt: skip
    (
        "establishment",
        "ck_establishment_qpv_location_values",
        "qpv_location",
        ("in", "near", "outside"),
    ),
    (
        "establishment",
        "ck_establishment_education_prioritaire_values",
        "education_prioritaire",
        ("REP+", "REP", "hors EP"),
    ),
    (
        "partner",
        "ck_partner_kind_values",
        "kind",
        ("association", "entreprise", "service_public", "enseignement_superieur", "autre"),
    ),
    (
        "territory",
        "ck_territory_holiday_zone_values",
        "holiday_zone",
        ("A", "B", "C", "Corse", "DROM"),
    ),
    ("action", "ck_action_axis_values", "axis", ("ecole", "continuite", "possibles")),
    ("pupil", "ck_pupil_qpv_values", "qpv", ("oui", "non", "inconnu")),
    ("pupil", "ck_pupil_sex_values", "sex", ("F", "M")),
    ("pupil", "ck_pupil_niveau_values", "niveau", _NIVEAUX),
    ("activity", "ck_activity_kind_values", "kind", ("periscolaire", "orientation", "autre")),
    (
        "activity",
        "ck_activity_orientation_kind_values",
        "orientation_kind",
        (
            "decouverte_metiers",
            "visite_entreprise",
            "forum",
            "stage_3e",
            "stage_2de",
            "cordee_reussite",
            "rencontre_professionnels",
        ),
    ),  # fmt: skip
    ("authorisation", "ck_authorisation_kind_values", "kind", ("participation", "droit_image")),
    ("activity_niveau", "ck_activity_niveau_niveau_values", "niveau", _NIVEAUX),
    (
        "attendance",
        "ck_attendance_status_values",
        "status",
        ("present", "absent_excuse", "absent_non_excuse"),
    ),
    (
        "registration",
        "ck_registration_status_values",
        "status",
        ("inscrit", "attente", "annule"),
    ),
)


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def as_in_list(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(_quoted(v) for v in values)})"


def as_comparisons(column: str, values: Sequence[str]) -> str:
    # Same text as cites_app.models.base.enum_check, which the migration must not import.
    return " OR ".join(f"{column} = {_quoted(v)}" for v in values)


def _rewrite_sqlite(old: bool) -> None:
    conn = op.get_bind()
    definitions = {
        name: sql
        for name, sql in conn.execute(
            sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        )
    }
    changed: dict[str, str] = {}
    for table, constraint, column, values in ENUM_CHECKS:
        before = f"CONSTRAINT {constraint} CHECK ({as_in_list(column, values)})"
        after = f"CONSTRAINT {constraint} CHECK ({as_comparisons(column, values)})"
        if old:
            before, after = after, before
        sql = changed.get(table, definitions[table])
        if sql.count(before) != 1:
            # Never guess at a schema this migration did not write: stop, roll back.
            raise RuntimeError(f"Contrainte {constraint} introuvable dans la table {table}")
        changed[table] = sql.replace(before, after)
    version = conn.execute(sa.text("PRAGMA schema_version")).scalar_one()
    conn.execute(sa.text("PRAGMA writable_schema = ON"))
    for table, sql in changed.items():
        conn.execute(
            sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = :name"),
            {"sql": sql, "name": table},
        )
    conn.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    conn.execute(sa.text("PRAGMA writable_schema = OFF"))
    problems = [row[0] for row in conn.execute(sa.text("PRAGMA quick_check"))]
    if problems != ["ok"]:
        raise RuntimeError("Vérification de la base après migration : " + "; ".join(problems))


def _rewrite_server(old: bool) -> None:
    for table, constraint, column, values in ENUM_CHECKS:
        condition = as_in_list(column, values) if old else as_comparisons(column, values)
        op.drop_constraint(op.f(constraint), table, type_="check")
        op.create_check_constraint(op.f(constraint), table, condition)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(old=False)
    else:
        _rewrite_server(old=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(old=True)
    else:
        _rewrite_server(old=True)
