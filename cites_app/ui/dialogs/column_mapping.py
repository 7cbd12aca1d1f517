"""« Corriger les colonnes »: which column of the file holds which information.

The import remembers the corrected choice for the next file with the same headers
(``ImportMapping``, keyed by the header signature), so a head teacher's spreadsheet is
explained once.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cites_app.pupil_files import FIELD_LABELS, ColumnMapping, Field


class ColumnMappingDialog(QDialog):
    def __init__(self, mapping: ColumnMapping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping = mapping
        self.setWindowTitle("Corriger les colonnes")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Pour chaque information, choisissez la colonne du fichier qui la contient. "
            "Le nom et le prénom sont obligatoires (ou une colonne « Nom et prénom »). "
            "Ce choix sera retenu pour les prochains fichiers aux mêmes colonnes."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.combos: dict[Field, QComboBox] = {}
        for target in Field:
            combo = QComboBox()
            combo.addItem("— non lue —", None)
            for index, header in enumerate(mapping.headers):
                combo.addItem(f"Colonne {index + 1} : {header or '(sans titre)'}", index)
            current = mapping.columns.get(target)
            if current is not None:
                combo.setCurrentIndex(max(0, combo.findData(current.index)))
            combo.setAccessibleName(FIELD_LABELS[target])
            self.combos[target] = combo
            form.addRow(f"{FIELD_LABELS[target]} :", combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Refaire l'aperçu avec ces colonnes")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Annuler")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self, target: Field, index: int | None) -> None:
        """Select column ``index`` (0-based; None: not read) for ``target``."""
        combo = self.combos[target]
        combo.setCurrentIndex(max(0, combo.findData(index)))

    def result_mapping(self) -> ColumnMapping:
        mapping = self.mapping
        for target, combo in self.combos.items():
            data = combo.currentData()
            mapping = mapping.with_column(target, int(data) if data is not None else None)
        return mapping
