"""Impossible requests are refused with the constraint that cannot hold and the arithmetic."""

from __future__ import annotations

from typing import Any

import pytest

from cites_app.grouping import Candidate, GroupingError, GroupingSettings, Violation, compose
from tests.grouping.pools import candidate, generated, pool_of


def _violations(groups: int, candidates: list[Candidate], **settings: Any) -> tuple[Violation, ...]:
    pool = pool_of(candidates, groups)
    composition = compose(pool, GroupingSettings(groups=groups, **settings))
    assert not composition.feasible
    assert composition.groups == () and composition.waiting == ()
    return composition.violations


def _two_schools(count: int) -> list[Candidate]:
    return [candidate(i, 1 + i % 2) for i in range(1, count + 1)]


def test_more_schools_asked_than_the_candidates_come_from() -> None:
    (violation,) = _violations(2, _two_schools(20), min_schools=3)
    assert violation.constraint == "min_schools"
    assert violation.message == (
        "Il faudrait au moins 3 établissements par groupe, mais seuls 2 établissements ont "
        "des candidats."
    )
    assert (violation.needed, violation.available) == (3, 2)


def test_places_short_when_every_candidate_must_be_placed() -> None:
    candidates = [candidate(i, 1 + i % 5) for i in range(1, 53)]
    violations = _violations(4, candidates, capacity=10, place_all=True)
    assert [v.constraint for v in violations] == ["capacity"]
    assert violations[0].message == (
        "12 places manquent pour les 52 candidats (40 places dans 4 groupes)."
    )
    assert (violations[0].needed, violations[0].available) == (52, 40)


def test_without_place_all_short_places_make_a_waiting_list_not_a_refusal() -> None:
    candidates = [candidate(i, 1 + i % 5) for i in range(1, 53)]
    composition = compose(pool_of(candidates, 4), GroupingSettings(groups=4, capacity=10))
    assert composition.feasible
    assert len(composition.waiting) == 12
    assert "52 candidats pour 40 places : 12 places manquent" in composition.notes[0]


def test_groups_too_small_for_the_schools_asked() -> None:
    candidates = [candidate(i, 1 + i % 5) for i in range(1, 21)]
    (violation,) = _violations(3, candidates, capacity=2, min_schools=3)
    assert violation.constraint == "min_schools"
    assert violation.message == "Un groupe de 2 places ne peut pas réunir 3 établissements."


def test_every_group_needs_enough_pupils() -> None:
    candidates = [candidate(i, 1 + i % 4) for i in range(1, 11)]
    (violation,) = _violations(4, candidates, min_schools=3)
    assert violation.constraint == "min_schools"
    assert violation.message == (
        "Il faut au moins 3 élèves par groupe (3 établissements différents), soit 12 pour 4 "
        "groupes, mais il n'y a que 10 candidats disponibles."
    )
    (violation,) = _violations(12, candidates)
    assert violation.constraint == "groups"
    assert violation.message == (
        "Il faut au moins un élève par groupe : 12 groupes demandés pour 10 candidats disponibles."
    )


def test_a_small_school_can_be_in_few_groups() -> None:
    # 3 schools, but the third has 2 pupils: it can appear in 2 of the 4 groups only
    candidates = [candidate(i, 1 + i % 2) for i in range(1, 31)]
    candidates += [candidate(100, 3), candidate(101, 3)]
    (violation,) = _violations(4, candidates, min_schools=3)
    assert violation.constraint == "min_schools"
    assert "il faut 12 présences d'établissements (3 × 4)" in violation.message
    assert "n'en permettent que 10" in violation.message
    assert (violation.needed, violation.available) == (12, 10)


def test_a_maximum_share_needs_several_schools_and_big_enough_groups() -> None:
    one_school = [candidate(i, 1) for i in range(1, 11)]
    (violation,) = _violations(2, one_school, max_school_share=0.5)
    assert violation.constraint == "max_school_share"
    assert violation.message == (
        "Aucun établissement ne doit dépasser 50 % d'un groupe : il faut donc au moins 2 "
        "établissements par groupe, mais seul un établissement a des candidats."
    )
    (violation,) = _violations(2, _two_schools(10), max_school_share=0.3, capacity=3)
    assert violation.message == (
        "Avec au plus 30 % d'élèves d'un même établissement, un groupe doit compter au moins "
        "4 élèves, mais un groupe n'a que 3 places."
    )


def test_place_all_with_too_many_pupils_of_one_school() -> None:
    candidates = [candidate(i, 1) for i in range(1, 31)] + [
        candidate(i, 2 + i % 3) for i in range(31, 41)
    ]
    violations = _violations(2, candidates, capacity=20, max_school_share=0.5, place_all=True)
    assert [v.constraint for v in violations] == ["max_school_share"]
    assert violations[0].message == (
        "École 1 a 30 candidats, mais au plus 20 peuvent être placés (50 % au plus de chaque "
        "groupe)."
    )


def test_pairs_that_cannot_hold() -> None:
    candidates = _two_schools(12)
    violations = _violations(2, candidates, capacity=2, together=((1, 2), (2, 3)))
    assert violations[0].message == (
        "Les élèves n° 1, n° 2 et n° 3 doivent rester ensemble, mais un groupe n'a que 2 places."
    )
    violations = _violations(2, candidates, together=((1, 2),), apart=((2, 1),))
    assert violations[0].message == (
        "Les élèves n° 2 et n° 1 doivent à la fois rester ensemble et être séparés."
    )
    violations = _violations(2, candidates, apart=((1, 99),))
    assert violations[0].constraint == "apart"
    assert "L'élève n° 99 n'est pas candidat à « Atelier de test »" in violations[0].message


def test_nonsense_values_are_refused_before_anything() -> None:
    pool = generated(1, size=10, schools=3, groups=2, skew=0).pool
    for settings, message in (
        (GroupingSettings(groups=0), "Il faut au moins un groupe."),
        (GroupingSettings(groups=2, capacity=0), "au moins une place"),
        (GroupingSettings(groups=2, max_school_share=1.5), "entre 0 et 1"),
        (GroupingSettings(groups=2, min_schools=0), "au moins 1"),
        (GroupingSettings(groups=2, together=((3, 3),)), "répète le même élève"),
        (GroupingSettings(groups=3), "préparées pour 2 groupes, pas 3"),
    ):
        with pytest.raises(GroupingError, match=message):
            compose(pool, settings)


def test_a_missed_target_after_the_search_is_listed_not_hidden() -> None:
    # Arithmetic cannot see it: the two pupils of school 3 are both only free for group A.
    candidates = [candidate(i, 1 + i % 2) for i in range(1, 13)]
    candidates += [candidate(20, 3), candidate(21, 3)]
    unavailable = {(20, 1): "inscrit ailleurs", (21, 1): "inscrit ailleurs"}
    pool = pool_of(candidates, 2, unavailable=unavailable)
    composition = compose(pool, GroupingSettings(groups=2, min_schools=3, seed=1))
    assert not composition.feasible
    assert composition.groups  # the best groups found are shown, with what they miss
    (violation,) = composition.violations
    assert violation.constraint == "min_schools"
    assert violation.group == "Groupe B"
    assert violation.message == (
        "Groupe B : 2 établissements représentés : l'objectif est d'en réunir au moins 3."
    )
    assert composition.notes[0].startswith("Aucune répartition respectant toutes les")
