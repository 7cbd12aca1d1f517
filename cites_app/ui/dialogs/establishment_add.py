"""« Ajouter un établissement »: type a UAI or part of a name, choose among the official
establishments, check the fiche they fill, save. A school already stored opens instead of being
added twice; one outside the territory's communes is added only once the user said how.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cites_app.establishments import CandidateMatch, EstablishmentService, candidate_data
from cites_app.opendata.uai import is_valid_uai, normalize_uai
from cites_app.registers import formatting
from cites_app.scheduling import SchedulingError, ValidationError
from cites_app.ui.dialogs.establishment_form import EstablishmentFicheDialog
from cites_app.ui.tasks import TaskGroup
from cites_app.ui.widgets.search_field import SearchField

OUTSIDE = "Hors des communes du territoire"


def describe(match: CandidateMatch) -> str:
    """One line of the list: « 0930616P — Collège Romain Rolland (Clichy-sous-Bois) · IPS 73,4 »."""
    candidate = match.candidate
    parts = [candidate.label]
    if candidate.ips is not None and candidate.ips.ips is not None:
        parts.append(f"IPS {formatting.decimal(candidate.ips.ips, 1)} ({candidate.ips.rentree})")
    if match.stored_id is not None:
        parts.append("déjà enregistré : ouvrir sa fiche")
    elif match.in_territory is False:
        parts.append(OUTSIDE.lower())
    return "  ·  ".join(parts)


class AddEstablishmentDialog(EstablishmentFicheDialog):
    """Opened by « Ajouter un établissement… »; ``existing_chosen(id)`` when the user picked a
    school already stored (the page then opens its fiche instead)."""

    existing_chosen = Signal(int)

    def __init__(
        self,
        service: EstablishmentService,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(service, None, parent, title="Ajouter un établissement")
        self.matches: list[CandidateMatch] = []
        self.chosen: CandidateMatch | None = None
        self._asked = ""  # the text whose candidates are (being) looked up
        self._tasks = TaskGroup(pool, owner=self)
        self.save_button.setText("Ajouter l'établissement")
        self.search = SearchField("UAI, nom ou commune : « 0930616 », « jaurès pantin »…")
        self.search.setAccessibleName("Rechercher dans les données officielles")
        self.search.search_changed.connect(self.look_up)
        self.results = QListWidget()
        self.results.setAccessibleName("Établissements des données officielles")
        self.results.setMinimumHeight(self.fontMetrics().height() * 4)
        self.results.setMaximumHeight(self.fontMetrics().height() * 7)
        self.results.itemClicked.connect(self._item_chosen)
        self.results.itemActivated.connect(self._item_chosen)
        self.found = QLabel(
            "Tapez un UAI ou quelques mots du nom : la fiche se remplit avec les données "
            "officielles. Sinon, remplissez-la à la main."
        )
        self.found.setWordWrap(True)
        self.found.setObjectName("muted")
        self.territory_card = self._territory_card()
        intro = QLabel("Rechercher l'établissement")
        intro.setBuddy(self.search)
        box = QVBoxLayout()
        box.setSpacing(4)
        box.addWidget(intro)
        box.addWidget(self.search)
        box.addWidget(self.results)
        box.addWidget(self.found)
        box.addWidget(self.territory_card)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, box)
        self.results.setVisible(False)
        self.uai.textEdited.connect(self._uai_edited)
        self.search.setFocus()
        self.fit_height(62)

    def _territory_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("alertCard")  # the style sheet's orange frame
        self.territory_text = QLabel("")
        self.territory_text.setWordWrap(True)
        self.add_inside = QRadioButton("L'ajouter comme établissement du territoire")
        self.add_outside = QRadioButton(
            "L'ajouter hors territoire (partenaire : il n'entre pas dans les chiffres du territoire)"
        )
        self.territory_choice = QButtonGroup(self)
        self.territory_choice.setExclusive(True)
        for button in (self.add_inside, self.add_outside):
            self.territory_choice.addButton(button)
            button.toggled.connect(self._territory_chosen)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.territory_text)
        layout.addWidget(self.add_inside)
        layout.addWidget(self.add_outside)
        card.setVisible(False)
        return card

    # -- looking up ---------------------------------------------------------------------------

    def look_up(self, text: str) -> None:
        """Search the official data in the background; only the latest text's results show."""
        self._asked = text.strip()
        if not self._asked:
            self._show_matches("", [])
            return
        asked = self._asked
        self._tasks.run(
            lambda: self.service.search(asked),
            lambda found: self._show_matches(asked, found),  # type: ignore[arg-type]
            self._lookup_failed,
        )

    def _show_matches(self, asked: str, found: list[CandidateMatch]) -> None:
        if asked != self._asked:
            return  # the user typed on meanwhile
        self.matches = found
        self.results.clear()
        for position, match in enumerate(found):
            item = QListWidgetItem(describe(match))
            item.setData(Qt.ItemDataRole.UserRole, position)
            if match.stored_id is not None or match.in_territory is False:
                item.setToolTip(
                    "Déjà enregistré : cliquer ouvre sa fiche."
                    if match.stored_id is not None
                    else f"{OUTSIDE} : vous choisirez comment l'ajouter."
                )
            self.results.addItem(item)
        self.results.setVisible(bool(found))
        if not asked:
            self.found.setText("")
        elif found:
            many = len(found) > 1
            self.found.setText(
                f"{len(found)} établissement{'s' if many else ''} trouvé{'s' if many else ''} "
                "dans les données officielles : cliquez sur le bon pour remplir la fiche."
            )
        else:
            self.found.setText(
                "Aucun établissement des données officielles ne correspond. Vérifiez l'UAI, "
                "ou remplissez la fiche à la main (un UAI valide est obligatoire)."
            )
            typed = normalize_uai(asked)
            if is_valid_uai(typed) and not self.uai.text().strip():
                self.uai.setText(typed)

    def _lookup_failed(self, message: str) -> None:
        self.found.setText(f"Recherche impossible : {message}")

    def _item_chosen(self, item: QListWidgetItem) -> None:
        position = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(position, int) and 0 <= position < len(self.matches):
            self.choose(self.matches[position])

    def choose(self, match: CandidateMatch) -> None:
        """Fill the fiche with ``match``'s official data (or open the school already stored)."""
        if match.stored_id is not None:
            self.existing_chosen.emit(match.stored_id)
            self.reject()
            return
        self.chosen = match
        self.errors.clear()
        self.fill(candidate_data(match))
        outside = match.in_territory is False
        self.territory_card.setVisible(outside)
        if outside:
            communes = ", ".join(self.service.territory().asked)
            commune = match.candidate.commune or "commune inconnue"
            self.territory_text.setText(
                f"<b>{OUTSIDE}</b> : {match.candidate.name} est à {commune}, hors des communes "
                f"de la cité ({communes}). Comment l'ajouter ?"
            )
            self.territory_choice.setExclusive(False)
            for button in (self.add_inside, self.add_outside):
                button.setChecked(False)
            self.territory_choice.setExclusive(True)
        self.found.setText(
            f"Fiche remplie avec les données officielles ({', '.join(match.candidate.sources)}) : "
            "vérifiez-la, complétez-la (éducation prioritaire, adresse…), puis ajoutez-la."
        )

    def _uai_edited(self, text: str) -> None:
        """Another UAI than the chosen school's makes a fiche typed by hand: the territory
        question was about the chosen school, so it goes (and comes back with its UAI)."""
        chosen = self.chosen
        if chosen is None:
            return
        same = normalize_uai(text) == chosen.candidate.uai
        self.territory_card.setVisible(same and chosen.in_territory is False)
        if not same:
            self.found.setText(
                f"UAI modifié : ce ne sera plus {chosen.candidate.name} des données officielles, "
                "mais un établissement saisi à la main."
            )

    def _territory_chosen(self) -> None:
        if self.add_inside.isChecked() or self.add_outside.isChecked():
            self.in_territory.setChecked(self.add_inside.isChecked())

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        chosen = self.chosen
        if chosen is None or normalize_uai(self.uai.text()) != chosen.candidate.uai:
            super().save()  # typed by hand (or another UAI than the one chosen)
            return
        self.errors.clear()
        if self.territory_card.isVisible() and self.territory_choice.checkedButton() is None:
            self.errors.show_general(
                f"{OUTSIDE} : choisissez s'il faut ajouter {chosen.candidate.name} comme "
                "établissement du territoire ou hors territoire."
            )
            return
        problems: dict[str, str] = {}
        data = self.read(problems)
        try:
            if problems:
                raise ValidationError(problems)
            record = self.service.add_official(
                chosen.candidate, in_territory=data.in_territory, edited=data
            )
        except ValidationError as exc:
            self.errors.show(exc.problems)
            return
        except SchedulingError as exc:
            self.errors.show_general(str(exc))
            return
        self.record_id, self.version = record.id, record.version
        self.saved.emit(record.id)
        self.accept()
