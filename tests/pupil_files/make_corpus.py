"""Regenerate the pupil-file corpus in tests/data/pupil_files/ (well-formed and malformed files).

Run from the repository root: ``.venv/bin/python -m tests.pupil_files.make_corpus``.
The large files (200,000-row CSV, 25,000-row workbook) are not stored: tests and the
benchmark build them in a temporary folder with `big_files.write_big_csv` / `write_big_xlsx`.
The SIECLE files come from `corpus_siecle`; files in shapes met later, from `corpus_shapes`.
All pupils are fictitious.
"""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from tests.pupil_files.corpus_shapes import make_shape_files
from tests.pupil_files.corpus_siecle import FIXED_TIME, UAI_COLLEGE, make_siecle_files

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pupil_files"
_FIXED_TIME = FIXED_TIME


# -- helpers -----------------------------------------------------------------------------------


def _rewrite_zip(path: Path, edit: dict[str, bytes] | None = None) -> None:
    """Rewrite a zip with fixed timestamps (stable bytes), replacing some members."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            content = (edit or {}).get(name, data)
            if name == "docProps/core.xml":  # openpyxl stamps the saving time
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-09-02T08:00:00Z", content
                )
            target.writestr(info, content)


def _set_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the value a spreadsheet program would have stored when saving."""
    with zipfile.ZipFile(path) as source:
        xml = source.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for ref, value in values.items():
        pattern = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v\s*/?>(?:</v>)?')
        xml, count = pattern.subn(rf"\g<1>\g<2><v>{value}</v>", xml)
        assert count == 1, ref
    _rewrite_zip(path, {"xl/worksheets/sheet1.xml": xml.encode("utf-8")})


def _write(out: Path, name: str, data: bytes) -> Path:
    path = out / name
    path.write_bytes(data)
    return path


def _text(
    out: Path, name: str, lines: list[str], encoding: str = "utf-8", newline: str = "\r\n"
) -> Path:
    return _write(out, name, (newline.join(lines) + newline).encode(encoding))


# -- ONDE and CSV ------------------------------------------------------------------------------


def make_csv_files(out: Path) -> None:
    """ONDE extractions in three header versions and encodings, and head teachers' CSVs."""
    _text(
        out,
        "onde_utf8.csv",
        [
            "Nom élève;Nom d'usage élève;Prénom élève;Deuxième prénom;Date naissance;Sexe;INE;"
            "Cycle;Niveau;Libellé classe;Date inscription",
            "MARTIN;;Éloïse;Marie;14/03/2017;F;;CYCLE II;CE1;CP-CE1 Mme Roussel;01/09/2023",
            "LEFÈVRE;;Noé;;02/07/2018;M;;CYCLE II;CP;CP-CE1 Mme Roussel;01/09/2024",
            "ÇELIK;;Ayşe;;21/12/2016;F;;CYCLE II;CE2;CE2 A;01/09/2022",
            "NGUYEN;TRAN;Bảo;;05/05/2014;M;;CYCLE III;CM2;CM2 B;01/09/2019",
            ";;;;;;;;;;",
            "DIALLO;;Fatoumata;;30/02/2016;F;;CYCLE III;CM1;CM1 A;01/09/2021",
        ],
    )
    _text(
        out,
        "onde_bom.csv",
        [
            "Nom de famille élève;Nom d'usage élève;Prénom 1;Prénom 2;Né(e) le;Sexe;Niveau;Classe",
            "ROUSSEAU;;Maël;Jean;08/10/2020;M;GRANDE SECTION;GS Les Lutins",
            ";BENSAÏD;Inès;;17/01/2019;F;COURS PREPARATOIRE;CP A",
            "PERRIN;;Zoé;;03/04/2018;F;Cours élémentaire première année;CE1 B",
        ],
        encoding="utf-8-sig",
    )
    _text(
        out,
        "onde_cp1252.csv",
        [
            "Nom élève;Prénom élève;Date naissance;Sexe;Niveau;Libellé classe",
            "LECŒUR;Léa;11/06/2015;F;CM1;CM1 Mme Hervé",
            "FRANÇOIS;Noé;23/09/2014;M;CM2;CM2 M. Dubois",
        ],
        encoding="cp1252",
    )
    _text(
        out,
        "liste_virgule.csv",
        [
            "Liste des élèves - Collège Victor Hugo,,,,,",
            ",,,,,",
            "Nom,Prénom,Date de naissance,Sexe,Classe,Niveau",
            '"DUPONT, dit DUPOND",Léo,2013-09-01,M,6A,6EME',
            "BENALI,Inès,2012-02-29,F,5B,5°",
            "KONATÉ,Moussa,1/9/11,G,4C,4ème SEGPA",
        ],
        encoding="cp1252",
    )
    _text(
        out,
        "liste_excel_unicode.txt",
        [
            "Nom\tPrénom\tDate de naissance\tClasse",
            "GIRARD\tÉmile\t12/12/2012\t6B",
            "FONTAINE\tLou\t01/02/2013\t6B",
        ],
        encoding="utf-16",
    )
    _text(
        out,
        "college_complet.csv",
        [
            "Nom;Prénom;Date de naissance;Sexe;Niveau;Division;INE;UAI;QPV;ULIS;SEGPA",
            f"MERCIER;Jules;04/05/2012;1;10110001110;5A;123456789ab;{UAI_COLLEGE};QN09312M;;",
            f"HADDAD;Sara;19/11/2011;2;4EME;4B;;{UAI_COLLEGE};non;x;",
            "LAMBERT;Yanis;07/07/2012;M;5EME;5C;12345;0930123A;peut-être;non;oui",
        ],
    )
    _text(
        out,
        "nom_complet.csv",
        [
            "Élève;Né(e) le;Classe",
            "DUPONT Marie;12/04/2015;CM1",
            "DE LA FONTAINE Jean-Pierre;03/03/2015;CM1",
            "Lina BOUAZIZ;28/08/2015;CM1",
            "MARTIN LUCAS;09/09/2015;CM1",
        ],
    )
    _text(out, "entete_seule.csv", ["Nom;Prénom;Date de naissance"])
    _write(out, "vide.csv", b"")
    _text(out, "entetes_inconnus.csv", ["Colonne A;Colonne B;Colonne C", "1;2;3"])
    rng = random.Random(20250902)
    _write(
        out, "binaire.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))
    )
    _write(
        out,
        "encodage_inconnu.csv",
        "Nom;Prénom;Date de naissance\r\n".encode() + b"DUPONT;\x81\x8d\x90;12/03/2015\r\n",
    )
    mojibake = (
        "Nom;Prénom;Date de naissance\r\nMARTIN;Éloïse;14/03/2015\r\nLEFÈVRE;Noé;02/07/2015\r\n"
    )
    _write(out, "mojibake.csv", mojibake.encode("utf-8").decode("cp1252").encode("utf-8"))


# -- workbooks ---------------------------------------------------------------------------------


def make_title_and_merges_xlsx(out: Path) -> Path:
    """A head teacher's workbook: title rows, merged class cells, blank rows, bad cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Liste"
    sheet["A1"] = "École élémentaire Jean Jaurès — liste des élèves 2025-2026"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "Mise à jour le 02/09/2025"
    headers = ["NOM", "Prénom", "Date de naissance", "Sexe (F/G)", "Niveau", "Classe",
               "Réside en QPV", "INE"]  # fmt: skip
    rows: list[list[str | int | date | None]] = [
        ["DUPONT", "Éloïse", date(2016, 5, 12), "F", "CM1", "CM1 A", "oui", None],
        ["  DE  LA FONTAINE ", "Noé", "03/11/2016", "G", "CM1", None, "non", None],
        ["ÇELIK", "Ayşe", 42736, "F", "CE2", None, "x", None],
        [None] * 8,
        ["MARTIN", None, date(2015, 1, 20), "G", "CM2", "CM2 B", None, None],
        ["BERNARD", "Lucas", "31/02/2015", "M", "CM2", "CM2 B", None, None],
        ["PETIT", "Jade", "=DATE(2015,4,3)", "F", "CM2", "CM2 B", None, None],
        ["ROUX", "Léa", "=DATE(2015,6,7)", "F", "CM2", "CM2 B", None, None],
        ["A" * 10_000, "Tom", date(2015, 2, 2), "G", "CM2", "CM2 B", None, None],
        ["MOREAU", "Chloé", date(2015, 3, 3), "X", "CM3", "CM2 B", "peut-être", "12345"],
        ["LEROY", "Hugo", date(2015, 7, 14), "M", None, "CM2 B", None, None],
        list(headers),
        ["GARNIER", "Inès", date(2019, 10, 1), "F", "CP", "CP", None, "070123456AB"],
    ]
    for col, header in enumerate(headers, start=1):
        sheet.cell(row=4, column=col, value=header)
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = sheet.cell(row=5 + offset, column=col, value=value)
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
    sheet.merge_cells("F5:F7")  # one class label spanning its three pupils
    path = out / "liste_titre_fusion.xlsx"
    workbook.save(path)
    _set_cached_values(path, {"C12": str((date(2015, 6, 7) - date(1899, 12, 30)).days)})
    return path


def make_tabs_xlsx(out: Path) -> None:
    """One worksheet per class, plus a sheet of instructions without pupils."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "CM1 A"
    header = ["Nom de l'élève", "Prénom de l'élève", "Né(e) le", "Sexe", "Classe"]
    first.append(header)
    for row in (
        ["ABADIE", "Rose", date(2016, 1, 5), "Fille", "CM1 A"],
        ["BRUN", "Nathan", date(2016, 2, 6), "Garçon", "CM1 A"],
        ["CARON", "Anaïs", date(2016, 3, 7), "Féminin", "CM1 A"],
    ):
        first.append(row)
    second = workbook.create_sheet("CM2 B")
    second.append(header)
    second.append(["DUMAS", "Victor", date(2015, 4, 8), "Masculin", "CM2 B"])
    second.append(["ÉVRARD", "Célia", date(2015, 5, 9), "F", "CM2 B"])
    notes = workbook.create_sheet("Consignes")
    notes["A1"] = "Merci de vérifier les dates de naissance."
    hidden = workbook.create_sheet("Ancienne liste")
    hidden.append(header)
    hidden.append(["ZED", "Ancien", date(2010, 1, 1), "M", "CM2"])
    hidden.sheet_state = "hidden"
    path = out / "classeur_onglets.xlsx"
    workbook.save(path)
    _rewrite_zip(path)


_ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Élèves">
{rows}
</table:table></office:spreadsheet></office:body></office:document-content>
"""
_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2"
  manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _ods_cell(value: object) -> str:
    if isinstance(value, date):
        iso, shown = value.isoformat(), value.strftime("%d/%m/%Y")
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def make_ods(out: Path) -> None:
    """A tiny OpenDocument spreadsheet built by hand (calamine reads ODS but cannot write it)."""
    rows: list[list[str | date]] = [
        ["Liste transmise par l'école Paul Bert"],
        [],
        ["Nom", "Prénom", "Date de naissance", "Sexe", "Classe"],
        ["HOARAU", "Kélyan", date(2017, 8, 30), "Garçon", "CE1"],
        ["PAYET", "Maëlys", date(2017, 11, 2), "Fille", "CE1"],
        ["GRONDIN", "Timothée", date(2016, 12, 24), "G", "CE2"],
    ]
    body = "\n".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        if row
        else "<table:table-row><table:table-cell/></table:table-row>"
        for row in rows
    )
    _write_ods(out / "liste.ods", _ODS_CONTENT.format(rows=body))
    # calamine 0.9 loops forever on this one (a mangled closing tag): the reader must refuse it.
    broken = _ODS_CONTENT.format(rows=body).replace("</table:table>", "</table:tablf>")
    _write_ods(out / "liste_endommagee.ods", broken)


def _write_ods(path: Path, content: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype", _FIXED_TIME),
            "application/vnd.oasis.opendocument.spreadsheet",
        )  # first and stored, as the format requires
        for name, text in (("content.xml", content), ("META-INF/manifest.xml", _ODS_MANIFEST)):
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)


def make_damaged_workbooks(out: Path) -> None:
    """A workbook cut in half (interrupted download) and one renamed « .csv »."""
    whole = (out / "classeur_onglets.xlsx").read_bytes()
    _write(out, "classeur_tronque.xlsx", whole[: len(whole) // 2])
    _write(out, "classeur_renomme.csv", whole)


def write_corpus(out: Path = CORPUS) -> None:
    """Write every corpus file into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    make_csv_files(out)
    make_title_and_merges_xlsx(out)
    make_tabs_xlsx(out)
    make_ods(out)
    make_siecle_files(out)
    make_damaged_workbooks(out)
    make_shape_files(out)


def main() -> None:
    """Regenerate the stored corpus."""
    write_corpus()
    print(f"Corpus écrit dans {CORPUS}")


if __name__ == "__main__":
    main()
