"""The revue of the hand-built territory, read back by python-calamine and compared with an
independent computation from the ORM rows (see ``territory.py``)."""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.exports.revue import write_revue
from cites_app.models import Action, Activity, ActivitySession, Attendance, Establishment, Pupil
from cites_app.settings import MASKING_THRESHOLD, set_setting
from tests.exports.territory import HYPERLINK, PHONE_PARTNER, build, read_sheets, table

YEAR = "2025-2026"
FIRST, AFTER = date(2025, 9, 1), date(2026, 9, 1)
BANDS = ((0, 2), (3, 5), (6, 10), (11, 15), (16, 18), (19, 25))


@dataclass
class Group:
    pupils: set[int] = field(default_factory=set)
    sessions: set[int] = field(default_factory=set)
    hours: float = 0.0  # attended hours (schools) or séance hours (actions)


@dataclass
class Expected:
    """Figures computed here, in plain Python, from the ORM rows."""

    pupils: dict[int, Pupil]
    schools: dict[int, Establishment]
    actions: dict[str, Group]
    by_school: dict[int, Group]
    everyone: set[int]
    sessions: int
    session_hours: float
    session_sizes: dict[int, int]


def expected(database: Database) -> Expected:
    with database.read_session() as s:
        pupils = {p.id: p for p in s.scalars(select(Pupil))}
        schools = {e.id: e for e in s.scalars(select(Establishment))}
        rows = s.execute(
            select(Attendance, ActivitySession, Action.title)
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .join(Action, Action.id == Activity.action_id)
        ).all()
        titles = s.scalars(select(Action.title).where(Action.school_year == YEAR)).all()
    actions: dict[str, Group] = {t: Group() for t in titles}
    by_school: dict[int, Group] = defaultdict(Group)
    everyone: set[int] = set()
    held: dict[int, float] = {}
    sizes: dict[int, int] = defaultdict(int)
    for attendance, session, title in rows:
        day = session.starts_at.date()
        if attendance.status != "present" or session.cancelled or not FIRST <= day < AFTER:
            continue
        duration = (session.ends_at - session.starts_at).total_seconds() / 3600
        pupil = pupils[attendance.pupil_id]
        everyone.add(pupil.id)
        sizes[session.id] += 1
        group = actions.setdefault(title, Group())
        group.pupils.add(pupil.id)
        if session.id not in group.sessions:
            group.sessions.add(session.id)
            group.hours += duration
        held[session.id] = duration
        if pupil.establishment_id is not None:
            school = by_school[pupil.establishment_id]
            school.pupils.add(pupil.id)
            school.sessions.add(session.id)
            minutes = attendance.minutes
            school.hours += minutes / 60 if minutes is not None else duration
    return Expected(
        pupils, schools, actions, by_school, everyone, len(held), sum(held.values()), sizes
    )


def count(pupils: dict[int, Pupil], ids: set[int], test: Callable[[Pupil], bool]) -> int:
    return sum(1 for i in ids if test(pupils[i]))


def band_counts(pupils: dict[int, Pupil], ids: set[int]) -> list[int]:
    result = [0] * (len(BANDS) + 1)
    for i in ids:
        p = pupils[i]
        year = p.birth_date.year if p.birth_date else p.birth_year
        age = None if year is None else 2025 - year
        index = next((b for b, (lo, hi) in enumerate(BANDS) if age is not None and lo <= age <= hi),
                     len(BANDS))  # fmt: skip
        result[index] += 1
    return result


def check_count(shown: object, true: int) -> str:
    """A published count against the true one; returns how it was published."""
    if shown == "< 5":
        assert 1 <= true <= 4 or true == 0, true
        return "primary"
    if shown == "masqué":
        assert true >= 5, true
        return "secondary"
    assert shown == true, (shown, true)
    return "shown"


@pytest.fixture
def revue(db: Database, tmp_path: Path) -> tuple[Path, Expected, dict[str, int]]:
    ids = build(db)
    path = tmp_path / "revue.xlsx"
    write_revue(db, path, year=YEAR, shuffles=50, today=date(2026, 9, 15))
    return path, expected(db), ids


def test_actions_sheet_matches_an_independent_count(
    revue: tuple[Path, Expected, dict[str, int]],
) -> None:
    path, exp, _ = revue
    header, rows = table(read_sheets(path)["Actions"], "Axe")
    col = {h: i for i, h in enumerate(header)}
    by_title = {row[col["Action"]]: row for row in rows}
    assert set(by_title) == set(exp.actions) == {HYPERLINK, "Théâtre inter-écoles",
                                                 "Action sans séance"}  # fmt: skip
    states = []
    for title, group in exp.actions.items():
        row, ids, p = by_title[title], group.pupils, exp.pupils
        assert row[col["Séances"]] == len(group.sessions)
        assert row[col["Heures de séance"]] == pytest.approx(group.hours)
        states += [
            check_count(row[col["Bénéficiaires"]], len(ids)),
            check_count(row[col["Filles"]], count(p, ids, lambda x: x.sex == "F")),
            check_count(row[col["Garçons"]], count(p, ids, lambda x: x.sex == "M")),
            check_count(row[col["Sexe non renseigné"]], count(p, ids, lambda x: x.sex is None)),
            check_count(row[col["dont résidant en QPV"]], count(p, ids, lambda x: x.qpv == "oui")),
        ]
        labels = [h for h in header if h.endswith(" ans")] + ["Âge autre ou inconnu"]
        for label, true in zip(labels, band_counts(p, ids), strict=True):
            states.append(check_count(row[col[label]], true))
        uais = sorted({exp.schools[p[i].establishment_id].uai for i in ids  # type: ignore[index]
                       if p[i].establishment_id})  # fmt: skip
        assert row[col["UAI des établissements"]] == ", ".join(uais)
        assert row[col["Établissements"]] == len(uais)
    # Both maskings occur here: X2 has one child of unstated sex (1 → "< 5", and a second
    # cell of its sex split masked), and small age bands.
    assert "primary" in states and "secondary" in states
    theatre = by_title["Théâtre inter-écoles"]
    assert theatre[col["Sexe non renseigné"]] == "< 5"
    assert "masqué" in (theatre[col["Filles"]], theatre[col["Garçons"]])
    jobs = by_title[HYPERLINK]
    assert jobs[col["Porteur"]] == PHONE_PARTNER
    assert jobs[col["Budget prévu"]] == 5000 and jobs[col["Budget réalisé"]] == 4200.5
    assert jobs[col["Première séance"]] == date(2025, 10, 1)
    assert jobs[col["Dernière séance"]] == date(2025, 11, 5)
    empty = by_title["Action sans séance"]
    assert (empty[col["Séances"]], empty[col["Bénéficiaires"]]) == (0, 0)


def test_schools_sheet_matches_an_independent_count(
    revue: tuple[Path, Expected, dict[str, int]],
) -> None:
    path, exp, _ = revue
    header, rows = table(read_sheets(path)["Établissements"], "UAI")
    col = {h: i for i, h in enumerate(header)}
    by_uai = {row[0]: row for row in rows}
    # Every school of the territory, and E (outside) whose pupils came.
    assert set(by_uai) == {e.uai for e in exp.schools.values()}
    for school in exp.schools.values():
        row = by_uai[school.uai]
        group = exp.by_school.get(school.id, Group())
        state = check_count(row[col["Participants"]], len(group.pupils))
        rate = len(group.pupils) / school.enrolment if school.enrolment else None
        if state == "shown":
            assert row[col["Taux de participation"]] == pytest.approx(rate)
            assert row[col["Heures de présence"]] == pytest.approx(group.hours)
            assert row[col["Séances"]] == len(group.sessions)
        else:  # derived figures are masked with the count
            assert row[col["Taux de participation"]] == "masqué"
            assert row[col["Heures de présence"]] == "masqué"
    assert (
        by_uai[next(e.uai for e in exp.schools.values() if e.name == "École Delta")][
            col["Participants"]
        ]
        == 0
    )
    alpha = by_uai[next(e.uai for e in exp.schools.values() if e.name == "École Alpha")]
    assert alpha[col["Participants"]] == 10
    assert alpha[col["Taux de participation"]] == pytest.approx(10 / 120)
    assert alpha[col["IPS"]] == 78.5
    assert alpha[col["Éducation prioritaire"]] == "REP+"
    epsilon = by_uai[next(e.uai for e in exp.schools.values() if e.name == "Collège Epsilon")]
    assert epsilon[col["Territoire"]] == "hors territoire"


def test_synthese_key_figures(revue: tuple[Path, Expected, dict[str, int]]) -> None:
    path, exp, _ = revue
    sheets = read_sheets(path)
    _, rows = table(sheets["Synthèse"], "Indicateur")
    figures = {row[0]: row[1] for row in rows}
    p, everyone = exp.pupils, exp.everyone
    assert figures["Séances réalisées"] == exp.sessions == 6
    assert figures["Heures d'activité"] == pytest.approx(exp.session_hours)
    assert figures["Bénéficiaires distincts"] == len(everyone) == 23
    states = [
        check_count(figures["Filles"], count(p, everyone, lambda x: x.sex == "F")),
        check_count(figures["Garçons"], count(p, everyone, lambda x: x.sex == "M")),
        check_count(figures["Sexe non renseigné"], count(p, everyone, lambda x: x.sex is None)),
    ]
    assert states.count("secondary") == 1 and states[2] == "primary"
    assert figures["Résidant en QPV"] == count(p, everyone, lambda x: x.qpv == "oui")
    assert figures["Résidence en QPV inconnue"] == "< 5"
    assert figures["Établissements participants"] == 3
    assert figures["Actions de l'année"] == 3
    text = " ".join(str(v) for row in sheets["Synthèse"] for v in row)
    assert "Cité éducative des Tests" in text
    assert (
        "Les 6 séances de l'année scolaire 2025-2026 ont réuni 23 élèves venus de 4 établissements"
        in text
    )
    assert "15 septembre 2026" in text


def test_sessions_sheet(revue: tuple[Path, Expected, dict[str, int]]) -> None:
    path, exp, _ = revue
    header, rows = table(read_sheets(path)["Séances"], "Date")
    col = {h: i for i, h in enumerate(header)}
    assert len(rows) == exp.sessions
    sizes = sorted(exp.session_sizes.values())
    assert sizes == [3, 6, 7, 8, 8, 12]
    published = [r[col["Participants"]] for r in rows]
    # S2 (3 children) is under the threshold; the smallest other séance (6) is masked too, so
    # that the sum of the participants (the number of presences) cannot give it back.
    assert sorted(published, key=str) == sorted([12.0, "< 5", 8.0, 8.0, 7.0, "masqué"], key=str)
    small = next(r for r in rows if r[col["Participants"]] == "< 5")
    assert small[col["Date"]] == date(2025, 11, 5)
    assert small[col["Taux de contact inter-écoles"]] == "masqué"
    assert small[col["Établissements représentés"]] == "masqué"
    assert small[col["Mélange selon la résidence en QPV"]] == "masqué"
    first = next(r for r in rows if r[col["Date"]] == date(2025, 10, 1))
    assert first[col["Horaire"]] == "14h00–16h00"
    assert first[col["Lieu"]] == "=1+1 salle"
    assert first[col["Durée (h)"]] == 2.0


def test_no_pupil_name_or_birth_date_anywhere(
    revue: tuple[Path, Expected, dict[str, int]],
) -> None:
    path, exp, _ = revue
    cells = [str(v) for rows in read_sheets(path).values() for row in rows for v in row]
    with zipfile.ZipFile(path) as archive:
        raw = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    for pupil in exp.pupils.values():
        for name in (pupil.last_name, pupil.first_name):
            assert not any(name in c for c in cells), name
            assert name not in raw, name
        if pupil.birth_date:
            for text in (pupil.birth_date.isoformat(), pupil.birth_date.strftime("%d/%m/%Y")):
                assert not any(text in c for c in cells), text
    assert "Zarkovsky" not in raw


def test_user_text_is_never_a_formula(revue: tuple[Path, Expected, dict[str, int]]) -> None:
    path, _, _ = revue
    with zipfile.ZipFile(path) as archive:
        sheets = {
            n: archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/worksheets/sheet")
        }
        styles = archive.read("xl/styles.xml").decode("utf-8")
    assert not any("<f>" in xml or "<f " in xml for xml in sheets.values())
    actions = sheets["xl/worksheets/sheet2.xml"]
    cell = re.search(
        r'<c r="[A-Z]+\d+" s="(\d+)" t="inlineStr"><is><t>' + re.escape(HYPERLINK), actions
    )
    assert cell is not None, "the title is an inline string"
    # Its format carries the quote prefix: Excel keeps it text when it is edited.
    xfs = re.search(r"<cellXfs[^>]*>(.*)</cellXfs>", styles, re.S)
    assert xfs is not None
    formats = re.findall(r"<xf [^>]*>", xfs.group(1))
    assert 'quotePrefix="1"' in formats[int(cell.group(1))]
    assert f"<t>{PHONE_PARTNER}</t>" in actions
    values = [v for rows in read_sheets(path).values() for row in rows for v in row]
    for text in (HYPERLINK, PHONE_PARTNER, "@Atelier théâtre", "-Chorale", "=1+1 salle"):
        assert text in values, text


COUNT_COLUMNS = {
    "Actions": ("Axe", ["Bénéficiaires", "Filles", "Garçons", "Sexe non renseigné",
                        "dont résidant en QPV", "0–2 ans", "3–5 ans", "6–10 ans", "11–15 ans",
                        "16–18 ans", "19–25 ans", "Âge autre ou inconnu"]),
    "Établissements": ("UAI", ["Participants"]),
    "Séances": ("Date", ["Participants"]),
}  # fmt: skip


@pytest.mark.parametrize("threshold", [0, 10])
def test_the_threshold_is_a_setting(db: Database, tmp_path: Path, threshold: int) -> None:
    build(db)
    with db.session() as session:
        set_setting(session, MASKING_THRESHOLD, threshold)
    path = tmp_path / "revue.xlsx"
    write_revue(db, path, year=YEAR, shuffles=0)
    sheets = read_sheets(path)
    published = []
    for sheet, (first, columns) in COUNT_COLUMNS.items():
        header, rows = table(sheets[sheet], first)
        published += [row[header.index(c)] for row in rows for c in columns]
    if threshold == 0:
        assert not any(isinstance(v, str) for v in published)
        assert "aucun effectif masqué" in str(sheets["Synthèse"])
    else:
        # No count from 1 to 9 is shown; they read "< 10".
        assert not any(isinstance(v, float) and 0 < v < 10 for v in published)
        assert "< 10" in published and "< 5" not in published
