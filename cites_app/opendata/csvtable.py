"""Turn a CSV file as found in the wild into rows keyed by normalised header names.

Open-data files come with or without a UTF-8 BOM, with ``;`` or ``,`` separators, CRLF line ends,
and header spellings that change between years ("Rentrée scolaire" / "rentree_scolaire"). This
module hides all of that and refuses, with a French message naming the file, what is not a CSV
text at all.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from cites_app.opendata.records import OpenDataError, RowIssue

_DELIMITERS: Final = (";", ",", "\t")
_SNIFF_BYTES: Final = 8192
# Signatures of files people rename to .csv by mistake.
_SIGNATURES: Final = (
    (b"PK\x03\x04", "un classeur Excel (.xlsx), OpenDocument (.ods) ou une archive ZIP"),
    (b"\xd0\xcf\x11\xe0", "un ancien classeur Excel (.xls)"),
    (b"%PDF", "un document PDF"),
    (b"\x1f\x8b", "une archive compressée (.gz)"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_header(header: str) -> str:
    """Lower-case, strip accents, turn every run of other characters into "_".

    "Nom de l'établissment" -> "nom_de_l_etablissment"; "Ecart-type de l'IPS" ->
    "ecart_type_de_l_ips".
    """
    decomposed = unicodedata.normalize("NFKD", header.replace("\ufeff", ""))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("_", ascii_text.lower()).strip("_")


@dataclass
class CsvTable:
    """The decoded content of a CSV file.

    ``rows`` holds (spreadsheet row number, values by normalised header); the header is row 1.
    ``issues`` lists the rows that could not be split into the header's columns.
    """

    file_name: str
    headers: tuple[str, ...]
    keys: tuple[str, ...]
    delimiter: str
    encoding: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)

    def header_for(self, key: str) -> str:
        """Return the header as written in the file for a normalised key."""
        return self.headers[self.keys.index(key)]


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse_binary(name: str, data: bytes) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise OpenDataError(
                f"Le fichier « {name} » n'est pas un fichier CSV : c'est {what} renommé. "
                "Ouvrez-le dans votre tableur et enregistrez-le au format CSV."
            )
    head = data[:_SNIFF_BYTES]
    controls = len(_CONTROL.findall(head.decode("latin-1")))
    if b"\x00" in head or controls > max(2, len(head) // 100):
        raise OpenDataError(
            f"Le fichier « {name} » n'est pas un fichier texte CSV (contenu binaire). "
            "Vérifiez qu'il s'agit bien de l'export CSV attendu."
        )


def decode_csv_bytes(name: str, data: bytes) -> tuple[str, str]:
    """Decode a CSV file's bytes: UTF-8 (with or without BOM), else Windows-1252.

    Returns (text without BOM, encoding name). Raises OpenDataError for an empty, binary or
    undecodable file; the message names the file and, for a bad byte, its line.
    """
    if not data.strip():
        raise OpenDataError(f"Le fichier « {name} » est vide.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise OpenDataError(
                f"Le fichier « {name} » se déclare en UTF-16 mais contient des octets illisibles "
                f"(position {exc.start})."
            ) from exc
    _refuse_binary(name, data)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start + 3)
            raise OpenDataError(
                f"Le fichier « {name} » annonce l'encodage UTF-8 mais la ligne {line} contient "
                f"un caractère illisible (octet 0x{data[exc.start + 3]:02X}). "
                "Enregistrez-le de nouveau au format « CSV UTF-8 »."
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise OpenDataError(
            f"Le fichier « {name} » n'est ni en UTF-8 ni en Windows-1252 : la ligne {line} "
            f"contient un octet illisible (0x{data[exc.start]:02X}). "
            "Enregistrez-le de nouveau au format « CSV UTF-8 »."
        ) from exc


def _first_line(text: str) -> str:
    end = text.find("\n")
    return text if end < 0 else text[:end]


def sniff_delimiter(text: str) -> str:
    """Pick the separator (";", "," or tab) that splits the header line into most columns."""
    line = _first_line(text)
    best, best_count = ";", 0
    for delimiter in _DELIMITERS:
        count = len(next(csv.reader([line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def parse_csv_text(name: str, text: str, encoding: str = "utf-8") -> CsvTable:
    """Split decoded CSV text into a CsvTable (header row first)."""
    if not text.strip():
        raise OpenDataError(f"Le fichier « {name} » est vide.")
    delimiter = sniff_delimiter(text)
    records = _records(text, delimiter)
    last_read = 0  # spreadsheet number of the last record read, for error messages
    try:
        header = next(records)
        last_read = 1
        headers = tuple(h.strip() for h in header)
        if not any(headers):
            raise OpenDataError(
                f"Le fichier « {name} » commence par une ligne vide : la ligne 1 doit contenir "
                "les noms des colonnes."
            )
        keys = tuple(normalize_header(h) for h in headers)
        _refuse_duplicate_columns(name, headers, keys)
        table = CsvTable(name, headers, keys, delimiter, encoding)
        for row_number, record in enumerate(records, start=2):
            last_read = row_number
            if not any(value.strip(" \t\x1a") for value in record):
                continue  # a blank line (or ";;;;" left by a spreadsheet, or a DOS end mark)
            if len(record) != len(keys):
                table.issues.append(
                    RowIssue(
                        name,
                        row_number,
                        None,
                        f"la ligne compte {len(record)} valeurs alors que l'en-tête compte "
                        f"{len(keys)} colonnes (séparateur « {delimiter} ») : ligne ignorée",
                    )
                )
                continue
            table.rows.append((row_number, dict(zip(keys, record, strict=True))))
    except csv.Error as exc:
        raise OpenDataError(
            f"Le fichier « {name} » est mal formé vers la ligne {last_read + 1} "
            "(guillemets non refermés ?)"
        ) from exc
    return table


def _refuse_duplicate_columns(name: str, headers: tuple[str, ...], keys: tuple[str, ...]) -> None:
    seen: dict[str, str] = {}
    for header, key in zip(headers, keys, strict=True):
        if key and key in seen:
            raise OpenDataError(
                f"Le fichier « {name} » contient deux colonnes de même nom : « {seen[key]} » et "
                f"« {header} »."
            )
        seen[key] = header


def load_csv_table(path: Path) -> CsvTable:
    """Read, decode and split ``path``; raise OpenDataError with a French message if impossible."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise OpenDataError(f"Le fichier « {path} » est introuvable.") from exc
    except IsADirectoryError as exc:
        raise OpenDataError(f"« {path} » est un dossier, pas un fichier CSV.") from exc
    except OSError as exc:
        raise OpenDataError(f"Le fichier « {path} » ne peut pas être lu : {exc.strerror}.") from exc
    text, encoding = decode_csv_bytes(name, data)
    return parse_csv_text(name, text, encoding)
