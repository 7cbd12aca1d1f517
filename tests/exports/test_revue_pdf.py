"""LibreOffice opens the revue and prints it to PDF cleanly (every sheet, page numbers, a sans
font throughout). Skipped only outside CI when LibreOffice is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from cites_app.db.database import Database
from cites_app.exports.revue import write_revue
from tests.exports.territory import build

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(workbook: Path, folder: Path) -> Path:
    """Convert with a private LibreOffice profile (conversions may run side by side)."""
    assert SOFFICE is not None
    profile = (folder / "profil-libreoffice").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{workbook.stem}.pdf"


@pytest.mark.slow
# dev.py test installs LibreOffice where it can (as root with apt, as in CI); in CI its
# absence is a failure, not a skip.
@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice absent")
def test_libreoffice_prints_the_revue(db: Database, tmp_path: Path) -> None:
    build(db)
    workbook = tmp_path / "revue.xlsx"
    write_revue(db, workbook, year="2025-2026", shuffles=50, today=date(2026, 9, 15))
    reader = PdfReader(to_pdf(workbook, tmp_path))
    pages = [page.extract_text() for page in reader.pages]
    assert 6 <= len(pages) <= 12, len(pages)
    text = "\n".join(pages)
    for title in (
        "Revue de projet 2025-2026 — Cité éducative des Tests",
        "Actions — 2025-2026",
        "Établissements — 2025-2026",
        "Séances — 2025-2026",
        "Mixité — 2025-2026",
        "Méthode : comment lire ce classeur",
        "Masquage des petits effectifs",
    ):
        assert title in text, title
    assert f"Page 1 sur {len(pages)}" in pages[0]
    assert "< 5" in text and "masqué" in text
    fonts = set()
    for page in reader.pages:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        for font in cast(DictionaryObject, resources["/Font"].get_object()).values():
            fonts.add(str(cast(DictionaryObject, font.get_object())["/BaseFont"]))
    assert fonts and all("Carlito" in f or "Calibri" in f for f in fonts), fonts
