"""Page « Mixité »: do the séances bring together children that their schools keep apart?

One verdict sentence, eight key figures, three charts (participation by establishment, séances
against chance, month by month) and two tables; a click on a bar, a point or a row opens the
details of that establishment or séance. Every figure is computed off the UI thread; changing the
category or the weight reuses the participations already read (no new query), and only the
newest request is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.registers import formatting
from cites_app.ui.charts import HorizontalBarChart, LineTrendChart, ScatterBandChart
from cites_app.ui.charts import mix_figures as figures
from cites_app.ui.charts.base import index
from cites_app.ui.charts.details_panel import DetailsPanel
from cites_app.ui.charts.section import ChartSection, FlowGrid, VerdictBanner
from cites_app.ui.models.indicator_models import (
    LoadedYear,
    MixRequest,
    MixResult,
    MixTableModel,
    SchoolMixModel,
    SessionMixModel,
    compute_mix,
)
from cites_app.ui.pages.methodology_page import MethodologyDialog
from cites_app.ui.style import scaled_font
from cites_app.ui.tasks import BackgroundTask, run_in_background
from cites_app.ui.widgets.figure_card import FigureCard
from cites_app.ui.widgets.table_view import ListTableView

Clock = Callable[[], datetime]
CARDS = (
    ("participants", "Enfants participants"),
    ("coverage", "Établissements participants"),
    ("contact", "Camarades d'autres écoles"),
    ("exposure_qpv", "Rencontres des enfants QPV"),
    ("h_schools", "Écart entre écoles (H)"),
    ("h_sessions", "Écart entre séances (H)"),
    ("gain", "Gain de mixité (ΔH)"),
    ("exposure_rep", "Rencontres des enfants REP"),
)


class IndicatorsPage(QWidget):
    """The « Mixité » dashboard of one school year."""

    open_session = Signal(int)  # « Ouvrir la séance » in the details panel (séance id)
    open_school = Signal(str)  # « Voir l'établissement » in the details panel (UAI)
    figures_shown = Signal()  # the figures of the newest request are on screen

    def __init__(
        self,
        database: Database,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._clock = clock
        self._pool = pool or QThreadPool.globalInstance()
        self._generation = 0
        self._tasks: set[BackgroundTask] = set()  # alive until their result arrives
        self._loaded: LoadedYear | None = None
        self.result: MixResult | None = None
        self.is_loading = False
        self.methodology: MethodologyDialog | None = None

        self.details = DetailsPanel()
        self.details.open_session.connect(self.open_session)
        self.details.open_school.connect(self.open_school)
        self.details.session_chosen.connect(self.show_session)
        body = QWidget()
        body.setObjectName("mixBody")
        self.body = body
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(self._build_header())
        self.banner = VerdictBanner(figures.VERDICT_HELP)
        layout.addWidget(self.banner)
        layout.addLayout(self._build_cards())
        self.notes = QLabel("")
        self.notes.setObjectName("muted")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        layout.addLayout(self._build_charts())
        layout.addWidget(self._build_tables())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll_area = scroll
        self._reflow(10_000)
        scroll.viewport().installEventFilter(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(0, False)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        self.details.hide()  # until the user picks an establishment or a séance

    # -- requests -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # A page built but never opened must not query: the first computation waits for it.
        if self.result is None and not self.is_loading:
            self.refresh()

    def first_focus_widget(self) -> QWidget:
        return self.year_combo

    def focus_search(self) -> None:
        self.year_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """Re-read the year from the database (F5) and recompute."""
        self._loaded = None
        self._request()

    def _request(self) -> None:
        year = self.year_combo.currentData()
        request = MixRequest(
            year if isinstance(year, str) else None,
            str(self.category_combo.currentData()),
            str(self.weight_combo.currentData()),
        )
        database, loaded, now = self._database, self._loaded, self._clock()
        self._generation += 1
        generation = self._generation
        self.is_loading = True
        self.status.setText("Calcul en cours…")

        def done(result: object) -> None:
            self._tasks.discard(task)
            if generation != self._generation:
                return  # a newer choice is being computed: this one is already stale
            assert isinstance(result, MixResult)
            self.is_loading = False
            self.status.setText("")
            self.show_result(result)

        def failed(message: str) -> None:
            self._tasks.discard(task)
            if generation == self._generation:
                self.is_loading = False
                self.status.setText("")
                self.show_failure(message)

        task = run_in_background(
            self._pool, lambda _p: compute_mix(database, request, loaded, now.date()), done, failed
        )
        self._tasks.add(task)

    # -- showing ------------------------------------------------------------------------------

    def show_result(self, result: MixResult) -> None:
        self.result, self._loaded = result, result.loaded
        self._fill_years(result.loaded)
        ind = result.indicators
        t = ind.territory
        phrase = figures.CATEGORY_CHOICES[t.category][1]
        self.subtitle.setText(
            f"Année scolaire {t.period} · mixité selon {phrase} · "
            f"comptée en {figures.WEIGHT_CHOICES[t.weight].lower()}"
        )
        v = figures.verdict(t)
        self.banner.set_verdict(v.headline, v.detail, v.tone)
        for key, figure in figures.key_figures(t).items():
            card = self.cards[key]
            card.set_figure(figure.value, figure.detail)
            card.setToolTip(figure.tooltip)
        self.notes.setText("\n".join(f"• {note}" for note in t.notes))
        self.notes.setVisible(bool(t.notes))
        bars, absent = figures.school_bars(ind)
        self.school_chart.set_bars(bars)
        self.absent_label.setText(absent)
        self.absent_label.setVisible(bool(absent))
        self._fill_scatter()
        children, h_by_month, h_schools = figures.trends(ind)
        self.participants_trend.set_series(children)
        self.h_trend.set_series(h_by_month, index, h_schools)
        self.session_model.set_context(result.loaded.contact_chance, result.loaded.small_group)
        self.school_model.set_rows(ind.schools)
        self.session_model.set_rows(ind.sessions)
        self.tabs.setTabText(0, f"Établissements ({formatting.integer(len(ind.schools))})")
        self.tabs.setTabText(1, f"Séances ({formatting.integer(len(ind.sessions))})")
        self.details.refresh(result)
        self.figures_shown.emit()

    def show_failure(self, message: str) -> None:
        self.result = None
        self.banner.set_verdict("Aucun indicateur à montrer", message, "neutral")
        for card in self.cards.values():
            card.set_figure("—", "")
        self.school_chart.set_bars([])
        self.absent_label.setText("")
        self.scatter.set_data([], [], y_format=str)
        self.participants_trend.set_series([])
        self.h_trend.set_series([])
        self.school_model.set_rows([])
        self.session_model.set_rows([])
        self.details.hide()
        self.figures_shown.emit()

    def show_school(self, uai: str) -> None:
        """Details of an establishment; selects it in the chart and the table."""
        if self.result is None:
            return
        self.school_chart.select(uai)
        self._select_row(self.school_table, self.school_model, uai)
        self.details.show_school(self.result, uai)

    def show_session(self, session_id: int) -> None:
        if self.result is None:
            return
        self.scatter.select(session_id)
        self._select_row(self.session_table, self.session_model, session_id)
        self.details.show_session(self.result, session_id)

    def show_methodology(self) -> None:
        """The methodology in its own window, to read beside the figures."""
        if self.methodology is None:
            self.methodology = MethodologyDialog(self)
        if self.methodology.isVisible():
            self.methodology.raise_()  # already open, maybe behind the main window
        else:
            self.methodology.show()

    # -- building -----------------------------------------------------------------------------

    def _build_header(self) -> QVBoxLayout:
        title = QLabel("Mixité")
        title.setObjectName("pageTitle")
        title.setFont(scaled_font(self.font(), 1.9, bold=True))
        self.subtitle = QLabel(
            "Les séances réunissent-elles des enfants que leurs écoles séparent ?"
        )
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.year_combo = QComboBox()
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_combo.setMinimumContentsLength(9)  # "2025-2026" before the years are read
        self.category_combo = QComboBox()
        for code, (label, _phrase) in figures.CATEGORY_CHOICES.items():
            self.category_combo.addItem(label, code)
        self.category_combo.setToolTip(figures.CATEGORY_HELP)
        self.weight_combo = QComboBox()
        for code, label in figures.WEIGHT_CHOICES.items():
            self.weight_combo.addItem(label, code)
        self.weight_combo.setToolTip(figures.WEIGHT_HELP)
        controls = QHBoxLayout()
        controls.setSpacing(8)
        for caption, combo in (
            ("&Année scolaire", self.year_combo),
            ("Mixité &selon", self.category_combo),
            ("&Compter", self.weight_combo),
        ):
            buddy = QLabel(caption)
            buddy.setBuddy(combo)
            combo.setAccessibleName(caption.replace("&", ""))
            if combo is not self.year_combo:  # may shrink when the details panel is open
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i: self._request())
            controls.addWidget(buddy)
            controls.addWidget(combo)
            controls.addSpacing(10)
        self.methodology_button = QPushButton("&Méthodologie")
        self.methodology_button.setToolTip(
            "Comment chaque indicateur est calculé, comment le lire, ses limites"
        )
        self.methodology_button.clicked.connect(self.show_methodology)
        controls.addWidget(self.status)
        controls.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.methodology_button, 0, Qt.AlignmentFlag.AlignBottom)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(top)
        header.addWidget(self.subtitle)
        header.addSpacing(6)
        header.addLayout(controls)
        return header

    def _build_cards(self) -> FlowGrid:
        self.cards = {key: FigureCard(title) for key, title in CARDS}
        for card in self.cards.values():
            # Grid rows ignore the wrapped labels' height-for-width: room for 4 detail lines.
            card.setMinimumHeight(round(self.fontMetrics().height() * 8.5))
        self.card_grid = FlowGrid(list(self.cards.values()))
        self.card_grid.setSpacing(12)
        return self.card_grid

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._reflow(self.scroll_area.viewport().width())
        return super().eventFilter(watched, event)

    def _reflow(self, width: int) -> None:
        """Four cards and two charts a row when wide; fewer when the details panel takes room
        (a 150 % laptop screen leaves about 1,100 points beside the navigation)."""
        line = self.fontMetrics().height()
        self.card_grid.set_columns(4 if width >= line * 46 else 2)
        self.chart_grid.set_columns(2 if width >= line * 40 else 1)

    def _build_charts(self) -> FlowGrid:
        self.school_chart = HorizontalBarChart(
            "Aucun élève présent sur la période.",
            overflow_text="… et {n} autres établissements : voir le tableau ci-dessous",
        )
        self.school_chart.setAccessibleName("Participation par établissement")
        self.school_chart.setToolTip(figures.BAR_HELP)
        self.school_chart.bar_clicked.connect(self.show_school)
        self.absent_label = QLabel("")
        self.absent_label.setWordWrap(True)
        self.absent_label.setObjectName("muted")
        self.scatter = ScatterBandChart()
        self.scatter.setAccessibleName("Séances comparées au hasard")
        self.scatter.setToolTip(figures.SCATTER_HELP)
        self.scatter.point_clicked.connect(self.show_session)
        self.measure_combo = QComboBox()
        self.measure_combo.setAccessibleName("Mesure des séances")
        for code, label in figures.SCATTER_MEASURES.items():
            self.measure_combo.addItem(label, code)
        self.measure_combo.currentIndexChanged.connect(lambda _i: self._fill_scatter())
        self.scatter_legend = QLabel("")
        self.scatter_legend.setWordWrap(True)
        self.participants_trend = LineTrendChart()
        self.participants_trend.setAccessibleName("Enfants par mois")
        self.participants_trend.setToolTip(figures.TREND_HELP)
        self.h_trend = LineTrendChart()
        self.h_trend.setAccessibleName("Écart entre séances par mois")
        self.h_trend.setToolTip(figures.H_TREND_HELP)
        self.sections = [
            ChartSection("Participation par établissement", figures.BAR_HELP,
                         self.school_chart, self.absent_label),
            ChartSection("Les séances comparées au hasard", figures.SCATTER_HELP,
                         self.measure_combo, self.scatter, self.scatter_legend),
            ChartSection("Enfants présents, mois par mois", figures.TREND_HELP,
                         self.participants_trend),
            ChartSection("Écart entre séances (H), mois par mois", figures.H_TREND_HELP,
                         self.h_trend),
        ]  # fmt: skip
        self.chart_grid = FlowGrid(self.sections, Qt.AlignmentFlag.AlignTop)
        self.chart_grid.setHorizontalSpacing(18)
        self.chart_grid.setVerticalSpacing(12)
        return self.chart_grid

    def _build_tables(self) -> QTabWidget:
        self.school_model = SchoolMixModel(self)
        self.session_model = SessionMixModel(self)
        self.school_table = table_view(self.school_model, 1, Qt.SortOrder.DescendingOrder)
        self.session_table = table_view(self.session_model, 0)
        self.school_table.clicked.connect(
            lambda index: self.show_school(str(self.school_model.key_at(index.row())))
        )
        self.session_table.clicked.connect(self._session_row_clicked)
        self.session_table.activated.connect(self._session_row_clicked)
        self.school_table.activated.connect(
            lambda index: self.show_school(str(self.school_model.key_at(index.row())))
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.school_table, "Établissements")
        self.tabs.addTab(self.session_table, "Séances")
        self.tabs.setMinimumHeight(round(self.fontMetrics().height() * 22))
        return self.tabs

    def _session_row_clicked(self, index: QModelIndex) -> None:
        key = self.session_model.key_at(index.row())
        assert isinstance(key, int)
        self.show_session(key)

    def _fill_years(self, loaded: LoadedYear) -> None:
        combo = self.year_combo
        combo.blockSignals(True)  # filling the list is not a choice of the user
        try:
            if [combo.itemData(i) for i in range(combo.count())] != list(loaded.years):
                combo.clear()
                for year in loaded.years:
                    combo.addItem(year, year)
            if combo.findData(loaded.year) < 0:
                combo.addItem(loaded.year, loaded.year)
            combo.setCurrentIndex(combo.findData(loaded.year))
        finally:
            combo.blockSignals(False)

    def _fill_scatter(self) -> None:
        if self.result is None:
            return
        loaded = self.result.loaded
        data = figures.session_scatter(
            self.result.indicators,
            loaded.contact_chance,
            str(self.measure_combo.currentData()),
            loaded.small_group,
        )
        self.scatter.set_data(
            data.points,
            data.band,
            y_format=data.y_format,
            y_top=data.y_top,
            x_title="Enfants dans la séance →",
            y_title=data.y_title,
        )
        self.scatter_legend.setText(data.legend)

    @staticmethod
    def _select_row(view: ListTableView, model: MixTableModel[Any], key: object) -> None:
        row = model.row_of(key)
        if row is not None:
            view.selectRow(row)
            view.scrollTo(model.index(row, 0))


def table_view(
    model: MixTableModel[Any], column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
) -> ListTableView:
    """The list look of the application, sorted by ``column`` (in the model, not a proxy)."""
    view = ListTableView()
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(column, order)
    view.setSortingEnabled(True)  # sorts by the indicator just set
    metrics = view.fontMetrics()
    for section, col in enumerate(model.columns):
        header = metrics.horizontalAdvance(col.header) + metrics.height() * 2  # + sort arrow
        view.setColumnWidth(section, max(metrics.averageCharWidth() * col.width + 24, header))
    return view
