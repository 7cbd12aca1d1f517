"""The stored corpus is exactly what make_corpus.py writes (so it can be regenerated)."""

from __future__ import annotations

from pathlib import Path

from tests.pupil_files.make_corpus import CORPUS, write_corpus

# openpyxl output may change with its version: workbooks are compared by name only.
_WRITTEN_BY_OPENPYXL = {"liste_titre_fusion.xlsx", "classeur_onglets.xlsx",
                        "classeur_tronque.xlsx", "classeur_renomme.csv"}  # fmt: skip


def test_corpus_matches_its_generator(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    generated = {p.name for p in tmp_path.iterdir()}
    assert generated == {p.name for p in CORPUS.iterdir()}
    differing = [
        name
        for name in sorted(generated - _WRITTEN_BY_OPENPYXL)
        if (tmp_path / name).read_bytes() != (CORPUS / name).read_bytes()
    ]
    assert differing == [], "run: .venv/bin/python -m tests.pupil_files.make_corpus"
