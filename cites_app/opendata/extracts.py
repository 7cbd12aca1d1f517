"""Filtered copies of open-data CSV files that keep the header and the kept rows byte for byte.

Used to build the demo extracts shipped in ``resources/opendata`` (the rows of one département)
and the trimmed copies the tests read. Keeping the original bytes (BOM, separator, CRLF, quoting)
means an extract is read exactly like the official file.

    python -m cites_app.opendata.extracts SOURCE DEST --column code_du_departement --value 093
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from cites_app.opendata.csvtable import normalize_header, sniff_delimiter


def _raw_records(text: str, delimiter: str) -> Iterator[tuple[str, list[str]]]:
    """Yield (raw text, fields) for each record, a record possibly spanning several lines."""
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    # csv.reader pulls lines one at a time, only as far as the record it is building.
    for record in csv.reader(lines(), delimiter=delimiter):
        raw = "".join(consumed)
        consumed.clear()
        yield raw, record


def filter_csv_rows(
    source: Path, destination: Path, keep: Callable[[Mapping[str, str]], bool]
) -> int:
    """Copy ``source`` to ``destination`` with its header and only the records ``keep`` accepts.

    ``keep`` receives each record as a mapping of normalised header names ("code_du_departement")
    to values. The source must be UTF-8 (a BOM is kept). Returns the number of data rows kept.
    """
    text = source.read_bytes().decode("utf-8")
    delimiter = sniff_delimiter(text.removeprefix("\ufeff"))
    records = _raw_records(text, delimiter)
    header_raw, header = next(records)
    keys = [normalize_header(h) for h in header]
    newline = "\r\n" if header_raw.endswith("\r\n") else "\n"
    kept = [header_raw]
    for raw, record in records:
        if record and keep(dict(zip(keys, record, strict=False))):
            kept.append(raw if raw.endswith("\n") else raw + newline)
    if not kept[0].endswith("\n"):
        kept[0] += newline
    destination.write_bytes("".join(kept).encode("utf-8"))
    return len(kept) - 1


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: keep the rows whose COLUMN equals (or, with --prefix, starts with) a VALUE."""
    parser = argparse.ArgumentParser(
        prog="python -m cites_app.opendata.extracts",
        description="Copie filtrée d'un fichier CSV open data (en-tête et lignes gardées à "
        "l'identique).",
    )
    parser.add_argument("source", type=Path, help="fichier d'origine")
    parser.add_argument("destination", type=Path, help="fichier à écrire")
    parser.add_argument("--column", required=True, help="nom de la colonne à tester")
    parser.add_argument("--value", action="append", required=True, help="valeur à garder")
    parser.add_argument(
        "--prefix", action="store_true", help="garder les valeurs qui commencent ainsi"
    )
    args = parser.parse_args(argv)
    column = normalize_header(args.column)
    values = tuple(args.value)

    def keep(row: Mapping[str, str]) -> bool:
        cell = row.get(column, "")
        return cell.startswith(values) if args.prefix else cell in values

    count = filter_csv_rows(args.source, args.destination, keep)
    print(f"{count} lignes gardées dans {args.destination}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
