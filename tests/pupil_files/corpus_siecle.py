"""SIECLE part of the corpus: ElevesSansAdresses.xml, its zip, damaged and hostile copies."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (2025, 9, 2, 8, 0, 0)
UAI_COLLEGE = "0930123D"


def _write(out: Path, name: str, data: bytes) -> None:
    (out / name).write_bytes(data)


_SIECLE_PUPILS = [
    # id, INE, family name, NOM tag, first name, birth, sex, MEF, class, groups, left on
    ("1001", "123456789AB", "MARTIN", "NOM_DE_FAMILLE", "Éloïse", "14/03/2013", "2",
     "10010012110", "6A", ["6LATIN"], ""),
    ("1002", "223456789CD", "FABRE", "NOM_DE_FAMILLE", "Noé", "02/07/2012", "1",
     "10110001110", "5B", [], ""),
    ("1003", "", "LECŒUR", "NOM_DE_FAMILLE", "Çécile", "21/12/2011", "2",
     "16610002110", "4SEGPA", [], ""),
    ("1004", "423456789GH", "OUEDRAOGO", "NOM", "Idrissa", "05/05/2010", "1",
     "10310019110", "3C", ["ULIS TFC"], ""),
    ("1005", "523456789JK", "VIDAL", "NOM_DE_FAMILLE", "Camille", "09/09/2012", "2",
     "10110001110", "5B", [], "15/01/2025"),
    ("1006", "623456789LM", "ROCHE", "NOM_DE_FAMILLE", "Adam", "31/02/2012", "1",
     "10110001110", "5A", [], ""),
    ("1007", "72345", "BLANC", "NOM_DE_FAMILLE", "Sofia", "11/11/2011", "2",
     "99999999999", "4B", [], ""),
    ("1008", "823456789PQ", "HENRY", "NOM_DE_FAMILLE", "Louis", "01/06/2009", "1",
     "27610001110", "1PRO", [], ""),
]  # fmt: skip


def siecle_xml() -> bytes:
    """ElevesSansAdresses.xml as SIECLE exports it: ISO-8859-15, declared in the prolog."""
    pupils, structures = [], []
    for ident, ine, last, name_tag, first, born, sex, mef, division, groups, left in _SIECLE_PUPILS:
        left_xml = f"<DATE_SORTIE>{left}</DATE_SORTIE>" if left else ""
        pupils.append(
            f'<ELEVE ELEVE_ID="{ident}" ELENOET="{int(ident) - 500}">'
            f"<ID_NATIONAL>{ine}</ID_NATIONAL><{name_tag}>{last}</{name_tag}>"
            f"<PRENOM>{first}</PRENOM><PRENOM2></PRENOM2><DATE_NAISS>{born}</DATE_NAISS>"
            f"<CODE_SEXE>{sex}</CODE_SEXE><CODE_MEF>{mef}</CODE_MEF>"
            f"<DATE_ENTREE>01/09/2024</DATE_ENTREE>{left_xml}</ELEVE>"
        )
        links = [(division, "D"), *((g, "G") for g in groups)]
        structures.append(
            f'<STRUCTURES_ELEVE ELEVE_ID="{ident}" ELENOET="{int(ident) - 500}">'
            + "".join(
                f"<STRUCTURE><CODE_STRUCTURE>{code}</CODE_STRUCTURE>"
                f"<TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE></STRUCTURE>"
                for code, kind in links
            )
            + "</STRUCTURES_ELEVE>"
        )
    nl = "\n"
    xml = f"""<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_ELEVES VERSION="3.1">
<PARAMETRES><UAJ>{UAI_COLLEGE}</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>
<DATE_EXPORT>02/09/2025</DATE_EXPORT><HORODATAGE>02/09/2025 08:15:00</HORODATAGE></PARAMETRES>
<DONNEES>
<ELEVES>
{nl.join(pupils)}
</ELEVES>
<STRUCTURES>
{nl.join(structures)}
</STRUCTURES>
</DONNEES>
<NOMENCLATURES><MEFS><MEF CODE_MEF="27610001110"><FORMATION>1ERE PRO</FORMATION>
<LIBELLE_LONG>PREMIERE PROFESSIONNELLE</LIBELLE_LONG></MEF></MEFS></NOMENCLATURES>
</BEE_ELEVES>
"""
    return xml.encode("iso-8859-15")


def make_siecle_files(out: Path) -> None:
    """The XML, its zip, truncated copies of both, and an XML that tries entity tricks."""
    data = siecle_xml()
    _write(out, "ElevesSansAdresses.xml", data)
    _write(out, "ElevesSansAdresses_tronque.xml", data[: len(data) // 2])
    path = out / "ElevesSansAdresses.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("ElevesSansAdresses.xml", FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, data)
    zipped = path.read_bytes()
    _write(out, "ElevesSansAdresses_tronque.zip", zipped[: len(zipped) // 2])
    laughs = "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10 if i else "ha"}">' for i in range(10)
    )
    _write(
        out,
        "siecle_entites.xml",
        (
            '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
            f'<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "file:///etc/passwd">{laughs}]>\n'
            f"<BEE_ELEVES><PARAMETRES><UAJ>{UAI_COLLEGE}</UAJ></PARAMETRES><DONNEES><ELEVES>"
            '<ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>&xxe;</NOM_DE_FAMILLE><PRENOM>&l9;</PRENOM>'
            "<DATE_NAISS>01/01/2012</DATE_NAISS><CODE_SEXE>1</CODE_SEXE></ELEVE>"
            "</ELEVES></DONNEES></BEE_ELEVES>\n"
        ).encode("iso-8859-15"),
    )
