"""A small hand-built territory whose every figure is known (shared by register and UI tests).

"Now" is Tuesday 10 March 2026 at noon, in the 2025-2026 school year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    EstablishmentIps,
    Pupil,
    Registration,
    Territory,
    TerritoryCommune,
    Venue,
)

NOW = datetime(2026, 3, 10, 12, 0)


def clock() -> datetime:
    return NOW


def uai(digits: str) -> str:
    return digits + "ABCDEFGHJKLMNPRSTUVWXYZ"[int(digits) % 23]


@dataclass(frozen=True)
class Sample:
    establishments: dict[str, int]
    pupils: dict[str, int]
    sessions: dict[str, int]


def build_sample(database: Database) -> Sample:
    with database.session() as s:
        territory = Territory(
            name="Cité éducative de Grigny", academie="Versailles", departement="091"
        )
        territory.communes = [
            TerritoryCommune(code_insee="91286", name="Grigny"),
            TerritoryCommune(code_insee="91687", name="Viry-Châtillon"),
        ]
        s.add(territory)
        ferry = Establishment(
            uai=uai("0910001"),
            name="École élémentaire Jules Ferry",
            kind="elementaire",
            sector="public",
            education_prioritaire="REP+",
            commune="Grigny",
            enrolment=250,
        )
        ferry.ips_history = [
            EstablishmentIps(rentree="2023-2024", ips=72.4),
            EstablishmentIps(rentree="2024-2025", ips=74.06),
        ]
        neruda = Establishment(
            uai=uai("0910002"),
            name="Collège Pablo Neruda",
            kind="college",
            sector="public",
            education_prioritaire="REP+",
            commune="Grigny",
            enrolment=610,
        )
        neruda.ips_history = [EstablishmentIps(rentree="2024-2025", ips=85.6)]
        matisse = Establishment(
            uai=uai("0910003"),
            name="Lycée Henri Matisse",
            kind="lycee_gt",
            sector="public",
            education_prioritaire=None,
            commune="Viry-Châtillon",
        )
        pasteur = Establishment(
            uai=uai("0910004"),
            name="École maternelle Pasteur",
            kind="maternelle",
            sector="public",
            education_prioritaire="REP",
            commune="Grigny",
            enrolment=120,
        )
        moulin = Establishment(
            uai=uai("0910005"),
            name="Collège Jean Moulin",
            kind="college",
            sector="prive",
            education_prioritaire="hors EP",
            commune="Évry",
            enrolment=480,
            in_territory=False,
        )
        moulin.ips_history = [EstablishmentIps(rentree="2024-2025", ips=121.3)]
        s.add_all([ferry, neruda, matisse, pasteur, moulin])
        s.flush()

        def pupil(last: str, first: str, **values: object) -> Pupil:
            p = Pupil(last_name=last, first_name=first, **values)
            s.add(p)
            return p

        eloise = pupil("Lefèvre", "Éloïse", sex="F", niveau="CM2", class_label="CM2 A",
                       establishment_id=ferry.id, qpv="oui", birth_date=date(2015, 3, 14))  # fmt: skip
        zoe = pupil("Martin", "Zoé", sex="F", niveau="CM1", class_label="CM1 B",
                    establishment_id=ferry.id, qpv="non", birth_date=date(2016, 5, 2))  # fmt: skip
        adam = pupil("Benali", "Adam", sex="M", niveau="6e", class_label="6e 2",
                     establishment_id=neruda.id, qpv="oui", birth_date=date(2014, 9, 30))  # fmt: skip
        elodie = pupil("Roux", "Élodie", sex="F", niveau="5e", class_label="5e 1",
                       establishment_id=neruda.id, qpv="inconnu", birth_year=2013)  # fmt: skip
        noe = pupil("Petit", "Noé", sex="M", niveau="2de", class_label="2de 4",
                    establishment_id=matisse.id, qpv="non", birth_date=date(2010, 1, 20))  # fmt: skip
        ines = pupil("Garçon", "Inès", sex="F", niveau="CM2", class_label="CM2 A",
                     establishment_id=ferry.id, qpv="oui", birth_date=date(2015, 11, 11), ulis=True)  # fmt: skip

        centre = Venue(name="Centre social Les Tuileries", commune="Grigny")
        library = Venue(name="Médiathèque Victor Hugo", commune="Grigny")
        action = Action(title="Mercredis partagés", axis="continuite", school_year="2025-2026")
        theatre = Activity(action=action, title="Atelier théâtre", kind="periscolaire")
        metiers = Activity(
            action=action,
            title="Découverte des métiers du numérique",
            kind="orientation",
            orientation_kind="decouverte_metiers",
        )
        metiers.invited_establishments = [neruda, matisse, moulin]
        s.add_all([centre, library, action, theatre, metiers])
        s.flush()

        def seance(
            activity: Activity, venue: Venue, start: str, end: str, **values: object
        ) -> ActivitySession:
            day = start[:10]
            session = ActivitySession(
                activity=activity,
                venue=venue,
                starts_at=datetime.fromisoformat(start),
                ends_at=datetime.fromisoformat(f"{day} {end}"),
                **values,
            )
            s.add(session)
            return session

        s1 = seance(theatre, centre, "2026-01-07 14:00", "16:30")
        s1.invited_establishments = [ferry, neruda]
        s2 = seance(theatre, centre, "2026-01-14 14:00", "16:30")
        s3 = seance(metiers, library, "2026-02-04 10:00", "12:00")
        s4 = seance(theatre, centre, "2026-02-11 14:00", "16:30", cancelled=True,
                    cancel_reason="Grève")  # fmt: skip
        s5 = seance(theatre, centre, "2026-03-18 14:00", "16:30")
        s6 = seance(metiers, library, "2026-03-25 09:00", "12:00")
        s7 = seance(metiers, library, "2025-05-20 09:00", "12:00")  # previous school year
        s.flush()

        def attend(
            session: ActivitySession, p: Pupil, status: str, minutes: int | None = None
        ) -> None:
            s.add(Attendance(session_id=session.id, pupil_id=p.id, status=status, minutes=minutes))

        attend(s1, eloise, "present")
        attend(s1, adam, "present")
        attend(s1, zoe, "absent_excuse")
        attend(s2, eloise, "present", minutes=60)
        attend(s2, adam, "absent_non_excuse")
        attend(s2, noe, "present")
        attend(s7, adam, "present")

        for p in (eloise, adam, zoe, noe):
            s.add(Registration(pupil_id=p.id, activity_id=theatre.id, status="inscrit"))
        s.add(
            Registration(pupil_id=ines.id, activity_id=theatre.id, status="attente", waiting_rank=1)
        )
        s.add(Registration(pupil_id=elodie.id, session_id=s3.id, status="inscrit"))
        s.add(Registration(pupil_id=adam.id, activity_id=metiers.id, status="inscrit"))
        s.flush()
        return Sample(
            establishments={
                "ferry": ferry.id, "neruda": neruda.id, "matisse": matisse.id,
                "pasteur": pasteur.id, "moulin": moulin.id,
            },
            pupils={
                "eloise": eloise.id, "zoe": zoe.id, "adam": adam.id,
                "elodie": elodie.id, "noe": noe.id, "ines": ines.id,
            },
            sessions={
                "s1": s1.id, "s2": s2.id, "s3": s3.id, "s4": s4.id,
                "s5": s5.id, "s6": s6.id, "s7": s7.id,
            },
        )  # fmt: skip
