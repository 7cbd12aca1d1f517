"""Who waits when places are short, pupils kept together or apart, and the explanations."""

from __future__ import annotations

import pytest

from cites_app.grouping import GroupingError, GroupingSettings, compose, evaluate, move_pupil
from tests.grouping.pools import candidate, generated, hard_problems, pool_of


def test_fewest_hours_are_placed_first_when_places_are_short() -> None:
    # 12 candidates from 4 schools, 8 places: the 8 with the fewest hours get them, whatever
    # the mix would prefer (the four heavy users are spread over the schools)
    hours = [0, 0, 1, 1, 2, 2, 3, 3, 14, 9, 12, 20]
    candidates = [candidate(i + 1, 1 + i % 4, hours=h) for i, h in enumerate(hours)]
    composition = compose(
        pool_of(candidates, 2), GroupingSettings(groups=2, capacity=4, max_school_share=0.5)
    )
    assert composition.feasible
    placed = {p.candidate.id for g in composition.groups for p in g.placements}
    assert placed == {1, 2, 3, 4, 5, 6, 7, 8}
    assert [p.candidate.id for p in composition.waiting] == [10, 11, 9, 12]
    assert [p.waiting_rank for p in composition.waiting] == [1, 2, 3, 4]
    assert composition.waiting[2].explanation == (
        "En liste d'attente : 14 h déjà suivies cette année, contre 1,5 h en moyenne pour les "
        "placés"
    )
    first = composition.groups[0].placements[0].explanation
    assert "prioritaire : " in first and "contre 13,8 h en moyenne pour la liste d'attente" in first


def test_schools_under_represented_so_far_come_next() -> None:
    # equal hours; school 2's pupils have had fewer activities this year than school 1's
    candidates = [candidate(i, 1, school_hours=6) for i in range(1, 5)]
    candidates += [candidate(i, 2, school_hours=1) for i in range(5, 9)]
    composition = compose(pool_of(candidates, 1), GroupingSettings(groups=1, capacity=5))
    placed = {p.candidate.id for p in composition.groups[0].placements}
    assert placed >= {5, 6, 7, 8}
    assert "École 1 a déjà 6 h d'activités par élève cette année" in (
        composition.waiting[0].explanation
    )


def test_then_the_registered_before_the_waiting_list() -> None:
    candidates = [candidate(i, 1 + i % 3) for i in range(1, 7)]
    candidates += [
        candidate(7, 1, status="attente", rank=2),
        candidate(8, 2, status="attente", rank=1),
    ]
    composition = compose(pool_of(candidates, 2), GroupingSettings(groups=2, capacity=3))
    assert [p.candidate.id for p in composition.waiting] == [8, 7]
    assert composition.waiting[0].explanation.endswith("n° 1 sur la liste d'attente actuelle")


@pytest.mark.parametrize("seed", range(5))
def test_pairs_together_and_apart_are_kept(seed: int) -> None:
    case = generated(seed, size=80, schools=8, groups=4, skew=1.0)
    ids = [c.id for c in case.pool.candidates]
    together = ((ids[0], ids[1]), (ids[1], ids[2]), (ids[10], ids[11]))
    apart = ((ids[0], ids[5]), (ids[20], ids[21]), (ids[21], ids[22]), (ids[20], ids[22]))
    settings = GroupingSettings(
        groups=4, max_school_share=0.5, min_schools=3, together=together, apart=apart, seed=seed
    )
    composition = compose(case.pool, settings)
    assert composition.feasible
    assert hard_problems(composition) == []
    where = {p.candidate.id: g.index for g in composition.groups for p in g.placements}
    assert where[ids[0]] == where[ids[1]] == where[ids[2]]
    assert len({where[ids[20]], where[ids[21]], where[ids[22]]}) == 3
    text = next(
        p.explanation for g in composition.groups for p in g.placements if p.candidate.id == ids[10]
    )
    assert f"avec l'élève n° {ids[11]} comme demandé" in text


def test_unavailable_pupils_are_never_placed_in_the_clashing_group() -> None:
    candidates = [candidate(i, 1 + i % 4, sex="F" if i % 2 else "M") for i in range(1, 25)]
    unavailable = {
        (i, 0): "inscrite à « Chorale » le mercredi 7 janvier 2026 de 14h00 à 16h00"
        for i in range(1, 7)
    }
    unavailable[(24, 1)] = unavailable[(1, 0)]
    unavailable[(24, 0)] = unavailable[(1, 0)]
    composition = compose(
        pool_of(candidates, 2, unavailable=unavailable), GroupingSettings(groups=2)
    )
    group_a = {p.candidate.id for p in composition.groups[0].placements}
    assert not group_a & set(range(1, 7))
    (waiting,) = composition.waiting
    assert waiting.candidate.id == 24
    assert waiting.explanation == (
        "En liste d'attente : inscrite à « Chorale » le mercredi 7 janvier 2026 de 14h00 à "
        "16h00, en même temps que les séances (et de même pour chaque groupe)"
    )
    only_b = next(p for p in composition.groups[1].placements if p.candidate.id == 2)
    assert "seul groupe libre au moment de ses autres activités" in only_b.explanation


def test_placed_explanations_read_as_french_sentences() -> None:
    candidates = [candidate(1, 1, sex="F"), candidate(2, 2, sex="M"), candidate(3, 2, sex="F")]
    candidates += [candidate(4, 3, sex="M")]
    composition = compose(pool_of(candidates, 1), GroupingSettings(groups=1))
    text = {p.candidate.id: p.explanation for p in composition.groups[0].placements}
    assert text[1].startswith("Placée dans le groupe A : seule élève de l'École 1 du groupe")
    assert text[2].startswith("Placé dans le groupe A : 2 élèves de l'École 2 sur 4")
    assert text[4].startswith("Placé dans le groupe A : seul élève de l'École 3 du groupe")
    assert "équilibre filles/garçons (2 F, 2 G)" in text[4]


def test_a_hand_made_change_is_rescored_and_checked() -> None:
    case = generated(3, size=40, schools=5, groups=2, skew=0.5)
    settings = GroupingSettings(groups=2, max_school_share=0.5, seed=3)
    composition = compose(case.pool, settings)
    moved = dict(composition.assignment)
    for pupil in [c.id for c in case.pool.candidates][:30]:
        moved[pupil] = 0  # drag thirty pupils into group A
    changed = evaluate(case.pool, settings, moved)
    assert len(changed.groups[0].placements) >= 30
    assert changed.contact_rate != composition.contact_rate
    assert changed.random is not None


def test_moving_one_pupil_by_hand_reports_the_target_it_breaks() -> None:
    candidates = [candidate(i, 1 + i % 3) for i in range(1, 13)]
    settings = GroupingSettings(groups=2, capacity=6, max_school_share=0.5, min_schools=3)
    composition = compose(pool_of(candidates, 2), settings)
    assert composition.feasible
    pupil = composition.groups[0].pupils[0].id
    moved = move_pupil(composition, pupil, 1)
    assert pupil in {c.id for c in moved.groups[1].pupils}
    assert [v.constraint for v in moved.violations] == ["capacity"]
    assert moved.violations[0].message == "Groupe B : 7 élèves pour 6 places."
    back = move_pupil(moved, pupil, 0)
    assert back.feasible and back.assignment == composition.assignment
    with pytest.raises(GroupingError, match="n° 99 n'est pas candidat"):
        move_pupil(composition, 99, 0)
