"""Filtered copies keep the header and the kept rows byte for byte."""

from pathlib import Path

import pytest

from cites_app.opendata.extracts import filter_csv_rows, main

SOURCE = (
    b"\xef\xbb\xbfinsee_com;lib_com;code_qp\r\n"
    b'93001;"Aubervilliers; Bobigny;\n  Saint-Denis";QN09328M\r\n'
    b"94081;Vitry-sur-Seine;QN09401M\r\n"
    b'93055;"Bobigny; Pantin";QN09310M, QN09323M\r\n'
    b"59350;Lille;QN05901M"  # no final line end
)


def test_keeps_header_and_raw_records(tmp_path: Path) -> None:
    source, target = tmp_path / "source.csv", tmp_path / "target.csv"
    source.write_bytes(SOURCE)
    kept = filter_csv_rows(source, target, lambda row: row["insee_com"].startswith("93"))
    assert kept == 2
    assert target.read_bytes() == (
        b"\xef\xbb\xbfinsee_com;lib_com;code_qp\r\n"
        b'93001;"Aubervilliers; Bobigny;\n  Saint-Denis";QN09328M\r\n'
        b'93055;"Bobigny; Pantin";QN09310M, QN09323M\r\n'
    )


def test_last_row_without_line_end(tmp_path: Path) -> None:
    source, target = tmp_path / "source.csv", tmp_path / "target.csv"
    source.write_bytes(SOURCE)
    assert filter_csv_rows(source, target, lambda row: row["insee_com"] != "94081") == 3
    assert target.read_bytes().endswith(b"QN09323M\r\n59350;Lille;QN05901M\r\n")


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "source.csv", tmp_path / "target.csv"
    source.write_bytes(SOURCE)
    args = [
        str(source),
        str(target),
        "--column",
        "Insee_Com",
        "--value",
        "94081",
        "--value",
        "59350",
    ]
    assert main(args) == 0
    assert target.read_bytes().count(b"\r\n") == 3
    assert capsys.readouterr().out == f"2 lignes gardées dans {target}\n"
    assert (
        main([str(source), str(target), "--column", "insee_com", "--value", "93", "--prefix"]) == 0
    )
    assert target.read_bytes().count(b"QN093") == 3
