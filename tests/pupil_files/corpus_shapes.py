"""Corpus files in shapes found while testing with files no one on the team had seen.

Each one reproduces a list that was misread before: a SIECLE export with a default XML
namespace, a workbook with one sheet per class (no class column) and a total line, an ONDE
extraction whose unquoted address shifts the columns of one row, a lycée CSV with divisions
such as « 1STMG2 » and dates as Excel serials or yyyymmdd, and a small PDF renamed « .csv ».
All pupils are fictitious.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from tests.pupil_files.corpus_siecle import FIXED_TIME, UAI_COLLEGE


def _siecle_with_namespace() -> bytes:
    """ISO-8859-15 export re-saved with ``xmlns``; groups (« G ») listed before the division."""
    pupils = [
        ("9001", "912345678AB", "BŒUF", "Œdipe", "14/03/2014", "<CODE_SEXE>1</CODE_SEXE>",
         "10010012110", [("6LV2ALL", "G"), ("6 A", "D")]),
        ("9002", "", "ŸVART", "Noël", "21/12/2012", "", "16610002110",
         [("4 SEGPA", "D"), ("ATELIER", "G")]),
        ("9003", "932345678CD", "PARTI", "Léo", "05/05/2012", "<CODE_SEXE>1</CODE_SEXE>",
         "10310019110", [("3C", "D")]),
    ]  # fmt: skip
    eleves, structures = [], []
    for ident, ine, last, first, born, sex, mef, links in pupils:
        left = "<DATE_SORTIE>10/10/2024</DATE_SORTIE>" if ident == "9003" else ""
        eleves.append(
            f'<ELEVE ELEVE_ID="{ident}"><ID_NATIONAL>{ine}</ID_NATIONAL>'
            f"<NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE><PRENOM>{first}</PRENOM>"
            f"<DATE_NAISS>{born}</DATE_NAISS>{sex}<CODE_MEF>{mef}</CODE_MEF>{left}</ELEVE>"
        )
        structures.append(
            f'<STRUCTURES_ELEVE ELEVE_ID="{ident}">'
            + "".join(
                f"<STRUCTURE><CODE_STRUCTURE>{code}</CODE_STRUCTURE>"
                f"<TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE></STRUCTURE>"
                for code, kind in links
            )
            + "</STRUCTURES_ELEVE>"
        )
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\r\n'
        '<BEE_ELEVES VERSION="3.1" xmlns="http://www.example.org/siecle/bee">\r\n'
        f"<PARAMETRES><UAJ>{UAI_COLLEGE}</UAJ></PARAMETRES>\r\n<DONNEES><ELEVES>\r\n"
        + "\r\n".join(eleves)
        + "\r\n</ELEVES><STRUCTURES>\r\n"
        + "\r\n".join(structures)
        + "\r\n</STRUCTURES></DONNEES></BEE_ELEVES>\r\n"
    )
    return xml.encode("iso-8859-15")


def _sheets_per_class(path: Path) -> None:
    """One sheet per class named after it, no class column, a total line, a summary sheet."""
    workbook = openpyxl.Workbook()
    classes: dict[str, list[tuple[str, str, str | date, str]]] = {
        "6ème A": [("ABADIE", "Léon", "12/01/2014", "G"), ("BRUN", "Lou", "03/03/2014", "F")],
        "5EME B": [("DUVAL", "Hugo", date(2013, 8, 8), "G")],
    }
    for index, (name, pupils) in enumerate(classes.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = name
        sheet.append(["Nom", "Prénom", "Né(e) le", "F/G"])
        for pupil in pupils:
            sheet.append(list(pupil))
        sheet.append([])
        sheet.append(["Total", f"{len(pupils)} élèves"])
    summary = workbook.create_sheet("Récapitulatif")
    summary.append(["Classe", "Effectif"])
    summary.append(["6ème A", 2])
    workbook.save(path)


_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def make_shape_files(out: Path) -> None:
    """Write the files of this module into `out`."""
    (out / "siecle_espace_de_noms.xml").write_bytes(_siecle_with_namespace())
    path = out / "onglets_par_classe.xlsx"
    _sheets_per_class(path)
    _stable_zip(path)
    (out / "onde_adresse_decalee.csv").write_bytes(
        (
            "Nom élève;Prénom élève;Date naissance;Sexe;Adresse;Niveau;Libellé classe;\r\n"
            "ROY;Léo;06/06/2017;M;4 rue du Port;CE2;CE2 A;\r\n"
            "SEC;Ana;07/07/2017;F;12 rue Haute; bât. B;CE1;CE1 B;\r\n"
        ).encode("cp1252")
    )
    (out / "lycee_divisions.csv").write_text(
        "NOM,1er prénom,Date de naissance,Sexe F/G,Libellé niveau,Division\n"
        "LÉGER,Hélène,20090412,F,,2GT3\n"
        "MOREAU,Timothée,39500,G,1STMG,1STMG2\n"
        '"FAURE",Enzo,12-avr.-08,G,TPRO,"TMELEC"\n',
        encoding="utf-8",
    )
    (out / "document_pdf.csv").write_bytes(_PDF)


def _stable_zip(path: Path) -> None:
    """Rewrite a workbook with fixed timestamps so that regenerating gives the same bytes."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            content = data
            if name == "docProps/core.xml":  # openpyxl stamps the saving time
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-09-02T08:00:00Z", content
                )
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
