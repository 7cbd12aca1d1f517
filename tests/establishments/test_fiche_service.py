"""Establishment fiches: creation by hand, validation in French, optimistic locking, IPS history,
and official candidates added with the user's own corrections."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.establishments import (
    EstablishmentData,
    EstablishmentService,
    IpsValue,
    SocialGroupsValue,
    candidate_data,
)
from cites_app.models import (
    AuditEntry,
    Establishment,
    EstablishmentIps,
    EstablishmentSocialGroups,
    Territory,
    TerritoryCommune,
)
from cites_app.scheduling import ConcurrentEditError, ValidationError
from tests.registers.sample import Sample, uai

ROLLAND = "0930616P"  # Collège Romain Rolland, Clichy-sous-Bois (93014)
TREMBLAY = "0931191P"  # Collège Romain Rolland, Tremblay-en-France (93073)


def _stored(database: Database, code: str) -> Establishment | None:
    with database.read_session() as session:
        found = session.scalars(select(Establishment).where(Establishment.uai == code)).first()
        if found is not None:
            session.expunge(found)
        return found


def _ips(database: Database, code: str) -> list[tuple[str, float | None, float | None, str | None]]:
    with database.read_session() as session:
        query = (
            select(
                EstablishmentIps.rentree,
                EstablishmentIps.ips,
                EstablishmentIps.ips_sd,
                EstablishmentIps.source,
            )
            .join(Establishment)
            .where(Establishment.uai == code)
            .order_by(EstablishmentIps.rentree)
        )
        return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def _audit(database: Database) -> list[tuple[str, str]]:
    with database.read_session() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.summary).order_by(AuditEntry.id)
        )
        return [(action, summary) for action, summary in rows]


def _clichy(database: Database) -> None:
    with database.session() as session:
        session.add(
            Territory(
                name="Cité éducative de Clichy-Montfermeil",
                communes=[TerritoryCommune(code_insee="93014", name="Clichy-sous-Bois")],
            )
        )


def test_a_school_typed_by_hand_is_stored_with_an_audit_entry(db: Database) -> None:
    service = EstablishmentService(db, actor="coordinatrice")
    record = service.fiches.create(
        EstablishmentData(
            uai=" 0930616p ",
            name="  Collège   Romain Rolland ",
            kind="college",
            sector="public",
            education_prioritaire="REP+",
            qpv_location="in",
            commune="Clichy-sous-Bois",
            code_insee="93014",
            address="1 allée Romain Rolland",
            latitude=48.91,
            longitude=2.55,
            enrolment=520,
            ips=(IpsValue("2023-2024", 74.5, 21.0),),
        )
    )
    stored = _stored(db, ROLLAND)
    assert stored is not None and stored.id == record.id
    assert (stored.name, stored.education_prioritaire, stored.qpv_location) == (
        "Collège Romain Rolland",
        "REP+",
        "in",
    )
    assert (stored.address, stored.enrolment, stored.source) == (
        "1 allée Romain Rolland",
        520,
        "saisie manuelle",
    )
    assert _ips(db, ROLLAND) == [("2023-2024", 74.5, 21.0, "saisie manuelle")]
    assert _audit(db) == [
        (
            "establishment.create",
            "Établissement ajouté à la main : 0930616P — Collège Romain Rolland.",
        )
    ]


def test_refused_values_are_explained_field_by_field_and_nothing_is_written(
    db: Database, sample: Sample
) -> None:
    service = EstablishmentService(db)
    with pytest.raises(ValidationError) as refused:
        service.fiches.create(
            EstablishmentData(
                uai="0930616A",
                name="  ",
                kind="ecole",
                sector="prive hors contrat",
                latitude=123.0,
                longitude=-200.0,
                enrolment=-3,
                code_insee="9301",
                departement="93",
            )
        )
    problems = refused.value.problems
    assert (
        problems["uai"] == "UAI « 0930616A » invalide : la lettre de contrôle devrait être « P »."
    )
    assert problems["name"] == "Le nom de l'établissement est obligatoire."
    assert problems["kind"].startswith("Type d'établissement inconnu « ecole » : choisissez parmi")
    assert "« Privé sous contrat »" in problems["sector"]
    assert problems["latitude"] == "La latitude doit être comprise entre -90 et 90 (et non 123)."
    assert problems["longitude"].startswith("La longitude doit être comprise entre -180 et 180")
    assert problems["enrolment"] == "L'effectif ne peut pas être négatif (-3)."
    assert "Code INSEE « 9301 » invalide" in problems["code_insee"]
    assert "Département « 93 » invalide" in problems["departement"]
    assert _stored(db, "0930616A") is None
    assert _audit(db) == []


def test_a_uai_already_stored_names_the_other_school(db: Database, sample: Sample) -> None:
    service = EstablishmentService(db)
    neruda = uai("0910002")
    with pytest.raises(ValidationError) as refused:
        service.fiches.create(EstablishmentData(uai=neruda.lower(), name="Doublon", kind="college"))
    assert refused.value.problems["uai"] == (
        f"L'UAI {neruda} est déjà celui de « Collège Pablo Neruda (Grigny) » : ouvrez sa fiche "
        "plutôt que d'enregistrer l'établissement une seconde fois."
    )
    # Another school may not take it either; the school itself keeps it.
    ferry = service.fiches.get(sample.establishments["ferry"])
    with pytest.raises(ValidationError):
        service.fiches.update(ferry.id, dataclasses.replace(ferry.data, uai=neruda), ferry.version)
    neruda_record = service.fiches.get(sample.establishments["neruda"])
    renamed = dataclasses.replace(neruda_record.data, name="Collège Pablo-Neruda")
    service.fiches.update(neruda_record.id, renamed, neruda_record.version)
    stored = _stored(db, neruda)
    assert stored is not None and stored.name == "Collège Pablo-Neruda"


def test_saving_over_someone_elses_change_is_refused(db: Database, sample: Sample) -> None:
    service = EstablishmentService(db, actor="moi")
    opened = service.fiches.get(sample.establishments["ferry"])
    assert opened.data.ips == (IpsValue("2023-2024", 72.4), IpsValue("2024-2025", 74.06))
    theirs = service.fiches.update(
        opened.id, dataclasses.replace(opened.data, enrolment=260), opened.version
    )
    assert theirs.version == opened.version + 1
    with pytest.raises(ConcurrentEditError, match="modifiée par quelqu'un d'autre"):
        service.fiches.update(
            opened.id, dataclasses.replace(opened.data, name="Mon nom"), opened.version
        )
    stored = _stored(db, uai("0910001"))
    assert stored is not None
    assert (stored.name, stored.enrolment) == ("École élémentaire Jules Ferry", 260)
    assert _audit(db)[-1] == (
        "establishment.update",
        f"Fiche de l'établissement {uai('0910001')} — École élémentaire Jules Ferry modifiée : "
        "Effectif.",
    )


def test_ips_rentrees_are_added_corrected_and_removed(db: Database, sample: Sample) -> None:
    service = EstablishmentService(db)
    ferry = service.fiches.get(sample.establishments["ferry"])
    history = (IpsValue("2024-2025", 75.0, 20.5), IpsValue("2025-2026", 78.2))
    saved = service.fiches.update(
        ferry.id, dataclasses.replace(ferry.data, ips=history), ferry.version
    )
    assert saved.version == ferry.version + 1  # an IPS-only change still bumps the version
    assert _ips(db, uai("0910001")) == [
        ("2024-2025", 75.0, 20.5, "saisie manuelle"),
        ("2025-2026", 78.2, None, "saisie manuelle"),
    ]
    for wrong, message in (
        ((IpsValue("2025-2027", 80.0),), "Rentrée « 2025-2027 » invalide"),
        ((IpsValue("2025-2026", 12.0),), "L'IPS 2025-2026 doit être compris entre 30 et 250"),
        ((IpsValue("2025-2026", 80.0), IpsValue("2025-2026", 81.0)), "deux IPS"),
    ):
        with pytest.raises(ValidationError) as refused:
            service.fiches.update(
                ferry.id, dataclasses.replace(saved.data, ips=wrong), saved.version
            )
        assert message in refused.value.problems["ips"]
    assert len(_ips(db, uai("0910001"))) == 2


def test_an_official_school_is_added_with_its_ips_and_the_users_corrections(db: Database) -> None:
    _clichy(db)
    service = EstablishmentService(db, actor="coordinatrice")
    match = service.search("0930616")[0]
    assert (match.stored_id, match.in_territory) == (None, True)
    data = candidate_data(match)
    assert (data.name, data.kind, data.commune, data.code_insee) == (
        "Collège Romain Rolland",
        "college",
        "Clichy-sous-Bois",
        "93014",
    )
    # The official files do not say the EP status: the coordinator adds it before saving.
    edited = dataclasses.replace(data, education_prioritaire="REP+")
    record = service.add_official(match.candidate, in_territory=True, edited=edited)
    stored = _stored(db, ROLLAND)
    assert stored is not None and stored.id == record.id
    assert (stored.education_prioritaire, stored.in_territory) == ("REP+", True)
    assert stored.source == "geoloc_colleges_dep093-013-059-069.csv"
    assert _ips(db, ROLLAND) == [
        ("2022-2023", 73.4, data.ips[0].ips_sd, "geoloc_colleges_dep093-013-059-069.csv")
    ]
    assert [action for action, _ in _audit(db)] == ["import.establishments", "establishment.update"]
    again = service.search("romain rolland")
    assert [(m.candidate.uai, m.stored_id, m.in_territory) for m in again[:2]] == [
        (ROLLAND, record.id, True),
        (TREMBLAY, None, False),
    ]


def test_refused_corrections_leave_the_official_school_unadded(db: Database) -> None:
    service = EstablishmentService(db)
    match = service.search(TREMBLAY)[0]
    assert match.in_territory is None  # no territory declared: nothing to compare with
    wrong = dataclasses.replace(candidate_data(match), enrolment=-1)
    with pytest.raises(ValidationError):
        service.add_official(match.candidate, in_territory=False, edited=wrong)
    assert _stored(db, TREMBLAY) is None
    service.add_official(match.candidate, in_territory=False)
    stored = _stored(db, TREMBLAY)
    assert stored is not None and stored.in_territory is False


def test_social_group_shares_are_kept_per_rentree_and_checked(db: Database, sample: Sample) -> None:
    service = EstablishmentService(db)
    ferry = service.fiches.get(sample.establishments["ferry"])
    shares = (SocialGroupsValue("2024-2025", 0.08, 0.17, 0.25, 0.5),)
    saved = service.fiches.update(
        ferry.id, dataclasses.replace(ferry.data, social_groups=shares), ferry.version
    )
    assert saved.version == ferry.version + 1
    assert service.fiches.get(ferry.id).data.social_groups == shares
    corrected = (SocialGroupsValue("2025-2026", 0.1, 0.2, 0.3, 0.4),)  # 2024-2025 removed
    saved = service.fiches.update(
        ferry.id, dataclasses.replace(saved.data, social_groups=corrected), saved.version
    )
    with db.read_session() as session:
        stored = session.execute(
            select(EstablishmentSocialGroups.rentree, EstablishmentSocialGroups.share_middle)
        ).all()
    assert [tuple(row) for row in stored] == [("2025-2026", 0.3)]
    for wrong, message in (
        (
            (SocialGroupsValue("2025-2026", 0.1, 0.2, 0.3, 0.5),),
            "Les quatre parts de 2025-2026 font 110,0\u00a0% au lieu de 100 %",
        ),
        (
            (SocialGroupsValue("2025-2026", 1.2, -0.2, 0.0, 0.0),),
            "Part « Très favorisée » 2025-2026 : entre 0 et 100 % (et non 120,0\u00a0%)",
        ),
        (
            (
                SocialGroupsValue("2025-2026", 0.1, 0.2, 0.3, 0.4),
                SocialGroupsValue("2025-2026", 0.4, 0.3, 0.2, 0.1),
            ),
            "La rentrée 2025-2026 a deux répartitions",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            service.fiches.update(
                ferry.id, dataclasses.replace(saved.data, social_groups=wrong), saved.version
            )
        assert message in refused.value.problems["social_groups"]
    assert service.fiches.get(ferry.id).data.social_groups == corrected


def test_a_lycees_ips_by_voie_is_edited_with_the_rest(db: Database, sample: Sample) -> None:
    service = EstablishmentService(db)
    ferry = service.fiches.get(sample.establishments["ferry"])
    voies = (IpsValue("2024-2025", 101.3, 31.0, 112.4, 25.1, 88.7, 20.3),)
    saved = service.fiches.update(
        ferry.id, dataclasses.replace(ferry.data, ips=voies), ferry.version
    )
    assert service.fiches.get(ferry.id).data.ips == voies
    with db.read_session() as session:
        stored = session.execute(
            select(
                EstablishmentIps.ips_gt,
                EstablishmentIps.ips_sd_gt,
                EstablishmentIps.ips_pro,
                EstablishmentIps.ips_sd_pro,
            ).where(EstablishmentIps.establishment_id == ferry.id)
        ).one()
    assert tuple(stored) == (112.4, 25.1, 88.7, 20.3)
    wrong = (IpsValue("2024-2025", 101.3, None, 300.0),)
    with pytest.raises(ValidationError) as refused:
        service.fiches.update(ferry.id, dataclasses.replace(saved.data, ips=wrong), saved.version)
    assert refused.value.problems["ips"] == (
        "L'IPS voie GT 2024-2025 doit être compris entre 30 et 250 (et non 300)."
    )


def test_a_failure_while_saving_the_corrections_adds_nothing_at_all(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The official school and the user's corrections are one transaction."""
    service = EstablishmentService(db)
    match = service.search("0930616")[0]
    edited = dataclasses.replace(candidate_data(match), education_prioritaire="REP+")

    def crash(*_args: object) -> None:
        raise RuntimeError("coupure de courant")

    monkeypatch.setattr(service.fiches, "save_changes", crash)
    with pytest.raises(RuntimeError):
        service.add_official(match.candidate, edited=edited)
    assert _stored(db, ROLLAND) is None
    assert _ips(db, ROLLAND) == []
    assert _audit(db) == []
