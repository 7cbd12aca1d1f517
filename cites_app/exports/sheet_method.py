"""The Méthodo sheet: every indicator in plain French, the sources, the masking rule, chance.

The wording follows ``docs/indicateurs.md`` (the application's methodology page), shortened for
a reader of the prefecture; it is kept here because the packaged application does not ship the
documentation folder.
"""

from __future__ import annotations

from cites_app.exports.action_stats import AGE_LABELS
from cites_app.exports.sheet_model import (
    Block,
    CellValue,
    Column,
    Paragraph,
    Section,
    SheetSpec,
    Table,
    Title,
)

SHEET = "Méthodo"

_INDICATORS: list[tuple[str, str, str, str]] = [
    (
        "Entropie E",
        "E = − Σ_g p_g ln p_g",
        "Diversité de l'ensemble des participants : 0 si une seule catégorie est présente, "
        "ln K si les K catégories sont à parts égales.",
        "Theil (1972)",
    ),
    (
        "Information mutuelle M",
        "M = Σ_u p_u Σ_g π_g|u ln(π_g|u / p_g)",
        "Écart entre la composition de chaque unité (école ou séance) et celle de l'ensemble, "
        "pondéré par la taille des unités.",
        "Mora et Ruiz-Castillo (2011) ; Elbers (2021), paquet R segregation",
    ),
    (
        "Indice de Theil H",
        "H = M / E",
        "Séparation des catégories entre les unités : 0 = chaque unité a la composition de "
        "l'ensemble (mixité parfaite), 1 = chaque unité ne contient qu'une catégorie. À titre "
        "de comparaison, la ségrégation sociale entre collèges d'un département mesurée par la "
        "DEPP est de l'ordre de 0,04 à 0,15. Si une seule catégorie est présente, H vaut 0 "
        "par convention.",
        "Theil et Finizza (1971) ; Theil (1972)",
    ),
    (
        "Gain de mixité ΔH",
        "ΔH = H entre écoles − H entre séances",
        "Les mêmes enfants participants, regroupés par école d'origine puis par séance. "
        "Positif : les séances mélangent davantage que les écoles. Un enfant présent à "
        "plusieurs séances compte une fois par présence.",
        "Méthode de l'application (docs/indicateurs.md, § 9)",
    ),
    (
        "Score local L",
        "L_u = Σ_g π_g|u ln(π_g|u / p_g), et M = Σ_u p_u L_u",
        "Écart d'une unité (une séance) à la composition de l'ensemble : 0 si identique. "
        "Comparé à l'écart de groupes de même taille tirés au hasard.",
        "Mora et Ruiz-Castillo (2011)",
    ),
    (
        "Taux de contact inter-écoles",
        "C_s = (1/n) Σ_i (n − n_k(i)) / (n − 1)",
        "Pour chaque enfant, part de ses camarades de séance venant d'un autre établissement, "
        "en moyenne : 0 = tous de la même école, 1 = aucun camarade de sa propre école. Pas de "
        "taux pour une séance d'un seul enfant. Taux moyen pondéré par le nombre d'enfants.",
        "Méthode de l'application (docs/indicateurs.md, § 7)",
    ),
    (
        "Exposition xPy",
        "xPy = Σ_u (x_u / X)(y_u / t_u)",
        "Part moyenne d'élèves de l'autre groupe que rencontre un élève du groupe (QPV face "
        "aux hors QPV, REP/REP+ face aux hors EP), dans son école puis dans ses séances.",
        "Bell (1954) ; Lieberson (1981)",
    ),
    (
        "Taux de participation",
        "participants / effectif",
        "Part des élèves d'un établissement présents à au moins une séance.",
        "Effectifs : annuaire de l'éducation / DEPP",
    ),
]

_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "La référence « hasard »",
        [
            "Avec peu d'enfants, le hasard seul crée de la séparation : 60 enfants de 5 écoles "
            "répartis au hasard en 5 séances de 12 donnent en moyenne H ≈ 0,09, autant que la "
            "ségrégation réelle entre collèges d'un département. Un H de séances ne se lit donc "
            "jamais seul.",
            "L'application redistribue les mêmes enfants entre des séances de mêmes tailles "
            "(chaque séance garde son nombre d'enfants, chaque enfant sa catégorie), des "
            "centaines de fois avec une graine fixe, et recalcule l'indicateur à chaque fois. "
            "La moyenne de ces tirages est ce que le hasard seul produit ; 95 % des tirages "
            "tombent entre les valeurs « bas » et « haut ». Une valeur observée dans cet "
            "intervalle est compatible avec une répartition au hasard ; au-dessus, les séances "
            "regroupent réellement les élèves selon ce critère ; au-dessous, elles les "
            "mélangent plus que le hasard. Les mêmes données donnent toujours les mêmes chiffres.",
        ],
    ),
    (
        "Masquage des petits effectifs (secret statistique)",
        [
            "Les élèves sont mineurs : ce classeur ne contient que des effectifs agrégés, aucun "
            "nom ni date de naissance. Un effectif de 1 à {low} élèves (ou présences) est "
            "affiché « < {t} ». Un 0 est affiché tel quel : il ne désigne aucun enfant.",
            "Masquage secondaire : quand une ligne ou une colonne est publiée avec son total, "
            "une case « < {t} » pourrait être retrouvée par différence. D'autres cases sont "
            "alors masquées (affichées « masqué », elles valent au moins {t}) jusqu'à ce "
            "qu'aucune case « < {t} » ne puisse être recalculée exactement à partir des totaux, "
            "des autres cases et de ces règles ; l'application le vérifie de façon exacte pour "
            "chaque tableau. Les totaux restent exacts ; un total lui-même inférieur à {t} est "
            "affiché « < {t} » ; exceptionnellement, un 0 peut être affiché « < {t} » quand "
            "c'est le seul moyen de protéger une case voisine.",
            "Tout chiffre calculé à partir d'un effectif masqué (part, taux, heures, "
            "établissements rencontrés, indicateurs d'une séance) est masqué avec lui. Le seuil "
            "({t}) est un réglage de l'application (export.masking_threshold).",
        ],
    ),
    (
        "Ce qui est compté",
        [
            "Présence : un élève marqué présent à une séance non annulée de la période. "
            "Bénéficiaires : élèves distincts ayant au moins une présence. Séances réalisées : "
            "séances non annulées ayant au moins une présence. Heures d'activité : durée "
            "cumulée de ces séances. Heures de présence d'un établissement : pour chaque "
            "présence de ses élèves, la durée de la séance (ou le temps de présence noté).",
            "Âges : âge au 31 décembre de l'année de la rentrée (année de la rentrée − année de "
            "naissance), la convention des statistiques de l'Éducation nationale ; un enfant a "
            "un seul âge pour toute l'année. Tranches : " + ", ".join(AGE_LABELS) + ".",
            "Résidence en QPV : renseignée par élève (oui, non, inconnue) ; les « inconnus » "
            "forment une catégorie à part dans les indicateurs de mixité. Éducation prioritaire "
            "et IPS : ceux de l'établissement de l'élève.",
        ],
    ),
    (
        "Sources des données des établissements",
        [
            "Annuaire de l'éducation (ministère de l'Éducation nationale, data.education.gouv.fr) "
            "pour les noms, types, secteurs, communes, appartenance à l'éducation prioritaire et "
            "effectifs ; indices de position sociale (IPS) des écoles, collèges et lycées publiés "
            "par la DEPP (data.education.gouv.fr). Ces jeux de données sont diffusés sous la "
            "Licence Ouverte / Open Licence (Etalab). Les élèves, les séances et les présences "
            "sont saisis par la coordination de la cité éducative.",
        ],
    ),
    (
        "Références",
        [
            "Bell, W. (1954), Social Forces 32(4). Duncan, O. D. et Duncan, B. (1955), American "
            "Sociological Review 20(2). Elbers, B. (2021), Sociological Methods & Research ; "
            "paquet R segregation. Lieberson, S. (1981), Ethnic Segregation in Cities. Ly, S. "
            "T., Maurin, É. et Riegert, A. (2014), La mixité sociale et scolaire en France, IPP. "
            "Mora, R. et Ruiz-Castillo, J. (2011), Sociological Methodology 41(1). Theil, H. "
            "(1972), Statistical Decomposition Analysis. Theil, H. et Finizza, A. J. (1971), "
            "Journal of Mathematical Sociology 1. Conseil national des villes (2021), avis "
            "« Mixités : une richesse, une nécessité ».",
        ],
    ),
]


_NO_MASKING = (
    "Aucun masquage : le seuil de masquage (réglage export.masking_threshold) vaut {t}, les "
    "effectifs sont publiés tels quels. Ce classeur ne contient que des effectifs agrégés, "
    "aucun nom ni date de naissance ; avant de l'envoyer hors de la cité éducative, remettez "
    "le seuil à 5."
)


def method_sheet(threshold: int, shuffles: int, *, indicators: bool = True) -> SheetSpec:
    """The sheet; without ``indicators`` (a porteur report) only how things are counted and
    masked, and the sources."""
    blocks: list[Block] = [Title("Méthode : comment lire ce classeur")]
    if indicators:
        rows: list[list[CellValue]] = [list(item) for item in _INDICATORS]
        blocks += [
            Paragraph(
                "Notations : t[u][g] poids (présences) de la catégorie g dans l'unité u (école "
                "ou séance) ; p_g part de la catégorie g dans l'ensemble ; p_u part de l'unité "
                "u ; π_g|u part de g dans u ; K nombre de catégories ; ln logarithme népérien. "
                f"Références « hasard » de ce classeur : {shuffles} tirages."
            ),
            Table(
                "Methodo",
                [
                    Column("Indicateur", "wrap", 22),
                    Column("Formule", "wrap", 34),
                    Column("Lecture", "wrap", 60),
                    Column("Référence", "wrap", 30),
                ],
                rows,
            ),
        ]
    for heading, paragraphs in _SECTIONS:
        if not indicators and heading in ("La référence « hasard »", "Références"):
            continue
        blocks.append(Section(heading))
        texts = [_NO_MASKING] if heading.startswith("Masquage") and threshold <= 1 else paragraphs
        blocks += [Paragraph(p.format(t=threshold, low=threshold - 1)) for p in texts]
    return SheetSpec(SHEET, blocks, freeze=False)
