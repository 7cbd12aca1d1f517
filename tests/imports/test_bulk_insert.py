"""`insert_rows` stores values exactly as the ORM would, on each backend."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Table, select

from cites_app.db.database import Database
from cites_app.imports.bulk import insert_rows
from cites_app.models import Establishment, Pupil

_PUPIL: Table = Pupil.__table__  # type: ignore[assignment]


def test_rows_read_back_like_orm_rows(db: Database) -> None:
    with db.session() as session:
        school = Establishment(uai="0930616P", name="Collège Romain Rolland", kind="college")
        session.add(school)
        session.flush()
        session.add(
            Pupil(
                last_name="Orm",
                first_name="Élodie",
                birth_date=date(2013, 2, 28),
                birth_year=2013,
                sex="F",
                niveau="6e",
                ulis=True,
                segpa=False,
                qpv="oui",
                establishment_id=school.id,
            )
        )
        school_id = school.id
    key = uuid.uuid4()
    columns = (
        "last_name", "first_name", "birth_date", "birth_year", "sex", "niveau", "ulis",
        "segpa", "qpv", "establishment_id", "ine", "uuid", "version",
    )  # fmt: skip
    rows = [
        ("Bulk", "Élodie", date(2013, 2, 28), 2013, "F", "6e", True, False, "oui", school_id,
         "123456789AB", key, 1),
        ("Bulk", "Sans date", None, None, None, None, False, True, "inconnu", school_id,
         None, uuid.uuid4(), 1),
    ]  # fmt: skip
    with db.session() as session:
        assert insert_rows(session, _PUPIL, columns, rows, chunk=1) == 2

    with db.read_session() as session:
        orm, bulk, undated = session.scalars(select(Pupil).order_by(Pupil.id)).all()
    assert (bulk.birth_date, bulk.ulis, bulk.segpa, bulk.qpv) == (
        orm.birth_date,
        orm.ulis,
        orm.segpa,
        orm.qpv,
    )
    assert bulk.uuid == key
    assert bulk.ine == "123456789AB"
    assert bulk.created_at is not None and bulk.version == 1
    assert (undated.birth_date, undated.niveau, undated.segpa) == (None, None, True)
