"""SIECLE ElevesSansAdresses.xml, its zip, and damaged or hostile copies."""

from __future__ import annotations

from datetime import date

import pytest

from cites_app.pupil_files import PupilRow, parse_siecle
from cites_app.pupil_files.xmlsafe import parse_xml
from tests.pupil_files.conftest import TODAY, messages, read
from tests.pupil_files.corpus_siecle import UAI_COLLEGE

EXPECTED_ISSUES = [
    "{f}, ligne 11, colonne « DATE_SORTIE » : "
    "Camille VIDAL a quitté l'établissement le 15/01/2025 : élève ignoré",
    "{f}, ligne 12, colonne « DATE_NAISS » : Date de naissance impossible : 31/02/2012",
    "{f}, ligne 13, colonne « CODE_MEF » : Code MEF non reconnu : 99999999999",
    "{f}, ligne 13, colonne « ID_NATIONAL » : "
    "INE mal formé : 72345 (11 caractères attendus, chiffres et lettres)",
]


@pytest.mark.parametrize("name", ["ElevesSansAdresses.xml", "ElevesSansAdresses.zip"])
def test_siecle_pupils(name: str) -> None:
    result = read(name)
    assert result.kind == "siecle"
    assert result.uai == UAI_COLLEGE
    assert not result.refused
    # Row numbers are the lines of the <ELEVE> tags in the file (the first one is on line 7).
    assert [r.source_row for r in result.rows] == [7, 8, 9, 10, 13, 14]
    assert result.rows[0] == PupilRow(
        source_row=7,
        last_name="MARTIN",
        first_name="Éloïse",
        birth_date=date(2013, 3, 14),
        sex="F",
        niveau="6e",
        class_label="6A",
        ine="123456789AB",
        uai=UAI_COLLEGE,
        qpv=None,
    )
    noe, cecile, idrissa, sofia, louis = result.rows[1:]
    assert (noe.first_name, noe.sex, noe.niveau, noe.class_label) == ("Noé", "M", "5e", "5B")
    # ISO-8859-15 « Œ » (0xBC) and « Ç » survive; SEGPA comes from the MEF code.
    assert (cecile.last_name, cecile.first_name) == ("LECŒUR", "Çécile")
    assert (cecile.niveau, cecile.segpa, cecile.ulis, cecile.ine) == ("4e", True, False, None)
    # <NOM> instead of <NOM_DE_FAMILLE>; an « ULIS » group marks the pupil.
    assert (idrissa.last_name, idrissa.niveau, idrissa.ulis) == ("OUEDRAOGO", "3e", True)
    # Unknown MEF: the niveau falls back on the class label; a malformed INE is left empty.
    assert (sofia.niveau, sofia.ine, sofia.class_label) == ("4e", None, "4B")
    # A MEF outside the built-in table is read from the file's own nomenclature label.
    assert louis.niveau == "1re"
    assert messages(result) == [m.format(f=name) for m in EXPECTED_ISSUES]
    assert [i.severity for i in result.issues] == ["info", "error", "warning", "warning"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "ElevesSansAdresses_tronque.xml",
            "ElevesSansAdresses_tronque.xml : Fichier XML tronqué ou mal formé (ligne 13) : "
            "fichier refusé",
        ),
        (
            "ElevesSansAdresses_tronque.zip",
            "ElevesSansAdresses_tronque.zip : Archive zip tronquée ou endommagée : le fichier est "
            "incomplet ou abîmé (téléchargement ou copie interrompus ?)",
        ),
        (
            "siecle_entites.xml",
            "siecle_entites.xml : Fichier XML refusé : il déclare des entités (<!ENTITY>), ce que "
            "ne fait jamais un export SIECLE",
        ),
    ],
)
def test_damaged_or_hostile_siecle_files_are_refused(name: str, message: str) -> None:
    result = read(name)
    assert result.refused
    assert result.rows == []
    assert messages(result) == [message]


def test_xml_parser_never_reads_external_entities() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b"<a><b>&x;</b></a>"
    )
    root = parse_xml(xml)
    element = root.find("b")
    assert element is not None
    assert element.text is None


def test_an_xml_that_is_not_siecle_is_refused() -> None:
    result = parse_siecle(b"<?xml version='1.0'?><classeur><ligne/></classeur>", "autre.xml")
    assert result.refused
    assert messages(result) == [
        "autre.xml : Ce fichier XML n'est pas un export SIECLE des élèves "
        "(élément DONNEES/ELEVES absent)"
    ]


def test_a_siecle_file_without_pupils_is_refused() -> None:
    xml = b"<BEE_ELEVES><PARAMETRES><UAJ>0930123D</UAJ></PARAMETRES><DONNEES><ELEVES/></DONNEES></BEE_ELEVES>"
    result = parse_siecle(xml, "vide.xml", today=TODAY)
    assert result.refused
    assert messages(result) == ["vide.xml : Aucune ligne d'élève dans ce fichier"]


def test_a_wrong_uai_is_reported_and_left_empty() -> None:
    xml = (
        "<?xml version='1.0' encoding='ISO-8859-15'?><BEE_ELEVES><PARAMETRES><UAJ>0930123A</UAJ>"
        "</PARAMETRES><DONNEES><ELEVES><ELEVE ELEVE_ID='1'><NOM_DE_FAMILLE>NOËL</NOM_DE_FAMILLE>"
        "<PRENOM>Zoé</PRENOM><DATE_NAISS>01/02/2012</DATE_NAISS><CODE_SEXE>2</CODE_SEXE>"
        "</ELEVE></ELEVES></DONNEES></BEE_ELEVES>"
    ).encode("iso-8859-15")
    result = parse_siecle(xml, "x.xml", today=TODAY)
    assert result.uai is None
    assert [(r.last_name, r.first_name, r.uai, r.niveau) for r in result.rows] == [
        ("NOËL", "Zoé", None, None)
    ]
    assert messages(result) == [
        "x.xml, colonne « UAJ » : UAI invalide : 0930123A (la lettre de contrôle ne correspond pas)"
    ]
