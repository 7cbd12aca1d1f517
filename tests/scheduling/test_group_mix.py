"""The live mix of a group against the activity's targets (pure functions)."""

from __future__ import annotations

import pytest

from cites_app.scheduling import PupilRow, check_mix_targets, describe_mix, group_mix


def _pupil(n: int, school: int, sex: str | None, qpv: str, niveau: str) -> PupilRow:
    names = {1: "École Jean-Jaurès", 2: "École Victor-Hugo", 3: "Collège Jean-Lolive"}
    return PupilRow(n, f"Nom{n}", f"Prénom{n}", sex, niveau, None, school, names[school], qpv)


GROUP = [
    _pupil(1, 1, "F", "oui", "CM1"),
    _pupil(2, 1, "M", "oui", "CM2"),
    _pupil(3, 1, "F", "non", "CM1"),
    _pupil(4, 2, "M", "inconnu", "CM2"),
    _pupil(5, 2, None, "non", "CM1"),
    _pupil(6, 1, "F", "oui", "6e"),
]


def test_mix_of_a_group() -> None:
    mix = group_mix(GROUP)
    assert mix.size == 6
    assert [(s.name, s.count) for s in mix.schools] == [
        ("École Jean-Jaurès", 4),
        ("École Victor-Hugo", 2),
    ]
    assert mix.schools_represented == 2
    assert mix.largest_school_share == pytest.approx(4 / 6)
    assert (mix.girls, mix.boys, mix.sex_unknown) == (3, 2, 1)
    assert (mix.qpv_yes, mix.qpv_unknown) == (3, 1)
    assert mix.qpv_share == pytest.approx(0.5)
    assert mix.niveaux == {"CM1": 3, "CM2": 2, "6e": 1}
    # Contact rate: Σ n_k (n − n_k) / (n (n − 1)) = (4·2 + 2·4) / 30.
    assert mix.contact_rate == pytest.approx(16 / 30)
    assert describe_mix(mix) == (
        "6 élèves · 2 établissements (le plus représenté : École Jean-Jaurès, 67 %) · "
        "3 filles, 2 garçons · QPV : 50 % (1 inconnu) · CM1 : 3, CM2 : 2, 6e : 1"
    )


def test_targets_not_met_are_explained() -> None:
    mix = group_mix(GROUP)
    assert check_mix_targets(mix, 0.5, 3) == [
        "École Jean-Jaurès représente 67 % du groupe (4 élèves sur 6) : l'objectif est "
        "qu'aucun établissement ne dépasse 50 %.",
        "2 établissements représentés : l'objectif est d'en réunir au moins 3.",
    ]
    assert check_mix_targets(mix, 0.7, 2) == []
    assert check_mix_targets(mix, None, None) == []
    balanced = group_mix([*GROUP[:2], GROUP[3], GROUP[4], _pupil(7, 3, "F", "oui", "6e")])
    assert check_mix_targets(balanced, 0.5, 3) == []


def test_an_empty_group_is_not_judged() -> None:
    mix = group_mix([])
    assert (mix.size, mix.schools, mix.largest_school_share, mix.contact_rate, mix.qpv_share) == (
        0,
        [],
        None,
        None,
        None,
    )
    assert check_mix_targets(mix, 0.5, 3) == []
    assert describe_mix(mix) == "Groupe vide."
    single = group_mix([GROUP[0]])
    assert single.contact_rate is None
    assert check_mix_targets(single, 0.5, 2) == [
        "École Jean-Jaurès représente 100 % du groupe (1 élève sur 1) : l'objectif est "
        "qu'aucun établissement ne dépasse 50 %.",
        "1 établissement représenté : l'objectif est d'en réunir au moins 2.",
    ]
