"""Readable establishment names: only the case changes, and the accents of type words."""

from __future__ import annotations

import pytest

from cites_app.opendata.names import tidy_establishment_name


@pytest.mark.parametrize(
    ("official", "readable"),
    [
        ("COLLEGE PRIVE SAINT JOSEPH LA SALLE", "Collège privé Saint Joseph La Salle"),
        ("ECOLE ELEMENTAIRE D APPLICATION SEXTIUS", "École élémentaire d'application Sextius"),
        (
            "LYCEE GENERAL ET TECHNOLOGIQUE MARCELIN BERTHELOT",
            "Lycée général et technologique Marcelin Berthelot",
        ),
        ("ECOLE PRIMAIRE ANTOINE DE SAINT-EXUPERY", "École primaire Antoine de Saint-Exupery"),
        ("COLLEGE JEAN JAURES", "Collège Jean Jaures"),  # no accent guessed on proper names
        ("  ECOLE  MATERNELLE   LES LILAS ", "École maternelle Les Lilas"),
        ("Ecole élémentaire Robert Doisneau", "Ecole élémentaire Robert Doisneau"),  # annuaire
        ("D ALEMBERT", "D'Alembert"),
    ],
)
def test_tidy_establishment_name(official: str, readable: str) -> None:
    assert tidy_establishment_name(official) == readable
