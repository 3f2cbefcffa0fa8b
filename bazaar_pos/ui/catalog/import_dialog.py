"""Importing the catalog from a CSV file: a preview first, then the import, both with progress.

The preview writes nothing: it counts the products the file would add, change or leave as
they are, lists the added and changed rows (old → new per field) and the workshops it would
create, and every problem of the file with its line and column. With a problem the import
button stays disabled: the file is fixed in the spreadsheet and previewed again.

Both steps run on the operations layer (:mod:`bazaar_pos.ui.operations`): on a worker, with
its own connection through the services, while the till sells (a 100,000-row catalog takes
tens of seconds). The service calls ``progress(done, total)`` every thousand rows checked and
after each batch written; the dialog's bar follows, and its "Batal" makes the next call
answer False: the service raises :class:`~bazaar_pos.catalog.csv_file.ImportCancelled` and
undoes what it wrote. The dialog is not modal: the sale screen behind it keeps working.

The file chooser (:func:`choose_catalog_file`) and showing the dialog
(:func:`run_import_dialog`) are module-level functions a test replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bazaar_pos.catalog.csv_file import (
    CatalogImportRejected,
    ChangedRow,
    CsvRowError,
    ImportCancelled,
    ImportPreview,
    ImportResult,
    apply_catalog_import,
    preview_catalog_import,
)
from bazaar_pos.money import format_number, format_rupiah
from bazaar_pos.people.access import Actor
from bazaar_pos.startup import Till
from bazaar_pos.ui.catalog.messages import csv_column_title, describe_csv_row_error
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.operations import Op, Progress, Running, run
from bazaar_pos.ui.record_table import RIGHT
from bazaar_pos.ui.table_view import ERROR, INFO, WARNING, show_status_line

AnyIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
# New workshops named one by one in the summary; more are counted.
_WORKSHOPS_SHOWN = 8
# The operations' kind: one preview or import of a catalog at a time.
CATALOG_OP = "catalog_import"


def choose_catalog_file(parent: QWidget | None, start_dir: Path) -> Path | None:
    """Ask which CSV file to import; None if cancelled. Tests replace this function."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("CatalogImportDialog", "Impor katalog dari CSV"),
        str(start_dir),
        QCoreApplication.translate("CatalogImportDialog", "CSV (*.csv *.txt);;Semua file (*)"),
    )
    return Path(name) if name else None


def run_import_dialog(dialog: CatalogImportDialog) -> None:
    """Show the dialog, not modal (the till behind it keeps selling); tests replace this."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()


class RowsModel(QAbstractTableModel):
    """Rows of ready-made texts (the preview's tables); read-only."""

    def __init__(
        self,
        headers: Sequence[str],
        numeric: Sequence[int] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._numeric = set(numeric)
        self._rows: list[tuple[str, ...]] = []
        self._tooltips: list[str] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]], tooltips: Sequence[str] = ()) -> None:
        """``tooltips``: one per row (shown on every cell of it), or none at all."""
        self.beginResetModel()
        self._rows = list(rows)
        self._tooltips = list(tooltips)
        self.endResetModel()

    def row(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._numeric:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self._tooltips):
            return self._tooltips[index.row()] or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class CatalogImportDialog(QDialog):
    imported = Signal(object)  # ImportResult
    previewed = Signal(object)  # ImportPreview, or None (cancelled, unreadable, refused)

    def __init__(
        self, till: Till, parent: QWidget | None = None, *, actor: Actor | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Impor katalog dari CSV"))
        self.till = till
        self.actor = actor  # who imports; the import service checks and journals it
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.result_of_import: ImportResult | None = None
        self.cancelled = False  # the last preview or import was cancelled by the user
        self.running: Running | None = None  # the preview or import on its way

        self.path_label = QLabel()
        self.path_label.setObjectName("importPath")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Pilih file lain…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.refresh_button = QPushButton(self.tr("Pratinjau lagi"))
        self.refresh_button.setToolTip(self.tr("Baca ulang file setelah diperbaiki"))
        self.refresh_button.clicked.connect(self.refresh_preview)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)

        self.added_model = RowsModel(
            [
                self.tr("Baris"),
                self.tr("SKU"),
                self.tr("Nama"),
                self.tr("Harga"),
                self.tr("Instansi"),
            ],
            numeric=(0, 3),
            parent=self,
        )
        self.changed_model = RowsModel(
            [
                self.tr("Baris"),
                self.tr("SKU"),
                self.tr("Nama"),
                self.tr("Kolom"),
                self.tr("Sebelum"),
                self.tr("Sesudah"),
            ],
            numeric=(0,),
            parent=self,
        )
        self.errors_model = RowsModel(
            [self.tr("Baris"), self.tr("Kolom"), self.tr("Masalah")], numeric=(0,), parent=self
        )
        self.added_view = self._table(self.added_model, stretch=(2,))
        # The values before and after get the room: a changed name is long.
        self.changed_view = self._table(self.changed_model, stretch=(4, 5))
        self.errors_view = self._table(self.errors_model, stretch=(2,))
        self.errors_view.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.errors_view, "")
        self.tabs.addTab(self.added_view, "")
        self.tabs.addTab(self.changed_view, "")

        self.hint_label = QLabel()
        self.hint_label.setObjectName("importHint")
        self.hint_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusArea")
        self.status_label.setWordWrap(True)
        # While a preview or an import runs: how far, and "Batal".
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        # The progress dialog's words before this layer ("ImportProgress"): translated once.
        self.cancel_button = QPushButton(QCoreApplication.translate("ImportProgress", "Batal"))
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label, 1)
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_row = QWidget()
        self.progress_row.setLayout(progress_row)
        self.progress_row.hide()

        self.import_button = QPushButton(self.tr("Impor"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.apply)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Tutup"))
        # Only "Tutup" closes: after an import the counts stay on screen until then.
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.path_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.resize(960, 620)
        self._show_preview(None)

    def _table(self, model: RowsModel, stretch: tuple[int, ...]) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = view.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("100.000") + 28)
        for column in range(1, model.columnCount()):
            header.resizeSection(column, metrics.horizontalAdvance("M" * 10) + 24)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        return view

    # --- status ------------------------------------------------------------------------------
    def show_status(self, text: str, level: str = INFO) -> None:
        show_status_line(self.status_label, text, level)

    def _set_hint(self, text: str, level: str) -> None:
        show_status_line(self.hint_label, text, level)

    # --- the work, on the operations layer ----------------------------------------------------
    def _run(
        self,
        title: str,
        label: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
    ) -> Running | None:
        """``work`` on the operations layer, its progress in this dialog (``label``: "…
        {done} dari {total}…"); the buttons that would start another wait until it ends."""
        running = run(Op(CATALOG_OP, title, work, done, failed, cancellable=True))
        if running is None:  # a catalog import runs already (said in the status bar)
            return None
        self.running = running
        self.progress_text = label
        # Until the first report the file is being read: a busy bar, not "0 %".
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(QCoreApplication.translate("ImportProgress", "Membaca file…"))
        self.cancel_button.setEnabled(True)
        self.progress_row.show()
        self._enable_buttons(False)
        running.progressed.connect(self._show_progress)
        running.ended.connect(self._ended)
        return running

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        self.progress_label.setText(
            self.progress_text.format(done=format_number(done), total=format_number(total))
        )

    def _ended(self, _succeeded: bool) -> None:
        self.running = None
        self.progress_row.hide()
        self.choose_button.setEnabled(True)
        self.refresh_button.setEnabled(self.path is not None)

    def _enable_buttons(self, enabled: bool) -> None:
        for button in (self.choose_button, self.refresh_button, self.import_button):
            button.setEnabled(enabled)

    def cancel(self) -> None:
        """ "Batal": the work stops at its next report and undoes what it wrote."""
        if self.running is not None:
            self.running.cancel()
            self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        """ "Tutup" or Esc while the work runs: it keeps running; say how to stop it."""
        if self.running is not None:
            self.show_status(
                self.tr("Impor katalog masih berjalan: tunggu, atau tekan Batal dulu."), WARNING
            )
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running is not None:
            event.ignore()
            self.reject()  # says why
            return
        super().closeEvent(event)

    # --- preview -----------------------------------------------------------------------------
    def choose_file(self) -> Running | None:
        start = self.path.parent if self.path is not None else self.till.data_dir
        path = choose_catalog_file(self, start)
        if path is None:
            return None
        return self.load_preview(path)

    def refresh_preview(self) -> Running | None:
        return self.load_preview(self.path) if self.path is not None else self.choose_file()

    def load_preview(self, path: Path) -> Running | None:
        """Check ``path`` on the operations layer (nothing is written) and show what importing
        it would do; ``previewed`` when it is shown (None: cancelled or refused, said)."""
        self.path = Path(path)
        self.path_label.setText(self.tr("File: {path}").format(path=self.path))
        self.cancelled = False
        self.result_of_import = None
        self.status_label.clear()
        db, checked, actor = self.till.db, self.path, self.actor

        def work(progress: Progress) -> ImportPreview:
            return preview_catalog_import(db, checked, progress=progress, actor=actor)

        def shown(preview: ImportPreview) -> None:
            self._show_preview(preview)
            self.previewed.emit(preview)

        return self._run(
            self.tr("Pratinjau impor"),
            self.tr("Memeriksa baris {done} dari {total}…"),
            work,
            shown,
            self._preview_failed,
        )

    def _preview_failed(self, error: Exception) -> None:
        self._show_preview(None)
        if isinstance(error, ImportCancelled):
            self.cancelled = True
            self.show_status(self.tr("Pratinjau dibatalkan. Belum ada yang diimpor."), WARNING)
        else:  # unreadable, or not permitted
            self.show_status(describe_error(error), ERROR)
        self.previewed.emit(None)

    def _show_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.refresh_button.setEnabled(self.path is not None)
        if preview is None:
            self.summary_label.setText(self.tr("Belum ada file yang diperiksa."))
            self.added_model.set_rows([])
            self.changed_model.set_rows([])
            self.errors_model.set_rows([])
            self._set_tab_titles()
            self.import_button.setEnabled(False)
            self.hint_label.clear()
            return
        self.added_model.set_rows(
            [
                (
                    format_number(row.line),
                    row.sku,
                    row.name,
                    format_rupiah(row.price),
                    row.institution_code,
                )
                for row in preview.added
            ]
        )
        changed_rows = self._changed_rows(preview.changed)
        self.changed_model.set_rows(
            changed_rows, tooltips=[f"{row[4]} → {row[5]}" for row in changed_rows]
        )
        self._set_error_rows(preview.errors)
        self._set_tab_titles()
        self.summary_label.setText(self._summary(preview))
        has_work = bool(preview.added or preview.changed or preview.new_workshops)
        self.import_button.setEnabled(preview.ok and has_work)
        if not preview.ok:
            self.tabs.setCurrentWidget(self.errors_view)
            self._set_hint(
                self.tr(
                    "{count} masalah di file: tidak ada yang bisa diimpor. Perbaiki file lalu "
                    "pratinjau lagi."
                ).format(count=format_number(len(preview.errors))),
                ERROR,
            )
        elif not has_work:
            self.tabs.setCurrentWidget(self.added_view)
            self._set_hint(
                self.tr("Tidak ada perubahan: katalog sudah sama dengan file ini."), INFO
            )
        else:
            self.tabs.setCurrentWidget(self.added_view if preview.added else self.changed_view)
            self._set_hint(
                self.tr(
                    "Belum ada yang disimpan. Periksa daftarnya, lalu tekan Impor: semua baris "
                    "disimpan sekaligus, atau tidak sama sekali."
                ),
                INFO,
            )

    def _set_tab_titles(self) -> None:
        errors = self.errors_model.rowCount()
        self.tabs.setTabText(
            self.tabs.indexOf(self.errors_view),
            self.tr("Masalah ({count})").format(count=format_number(errors)),
        )
        self.tabs.setTabVisible(self.tabs.indexOf(self.errors_view), errors > 0)
        self.tabs.setTabText(
            self.tabs.indexOf(self.added_view),
            self.tr("Baru ({count})").format(count=format_number(self.added_model.rowCount())),
        )
        changed = len(self.preview.changed) if self.preview is not None else 0
        self.tabs.setTabText(
            self.tabs.indexOf(self.changed_view),
            self.tr("Berubah ({count})").format(count=format_number(changed)),
        )

    def _changed_rows(self, changed: Sequence[ChangedRow]) -> list[tuple[str, ...]]:
        """One table row per changed field: a product with a new price and a new name gives
        two rows, each old → new."""
        rows: list[tuple[str, ...]] = []
        for row in changed:
            line = format_number(row.line)
            for change in row.changes:
                rows.append(
                    (
                        line,
                        row.sku,
                        row.name,
                        csv_column_title(change.field),
                        self._value(change.field, change.old),
                        self._value(change.field, change.new),
                    )
                )
        return rows

    def _value(self, field: str, value: str) -> str:
        """A CSV value as the screens show it: prices in Rupiah, flags as words."""
        if field == "price" and value.isdigit():
            return format_rupiah(int(value))
        if field in ("track_stock", "active"):
            return self.tr("ya") if value == "1" else self.tr("tidak")
        return value if value else self.tr("(kosong)")

    def _summary(self, preview: ImportPreview) -> str:
        counts = self.tr(
            "<b>{rows}</b> baris produk di file: <b>{added}</b> baru · <b>{changed}</b> "
            "berubah · <b>{same}</b> sama"
        ).format(
            rows=format_number(preview.rows),
            added=format_number(len(preview.added)),
            changed=format_number(len(preview.changed)),
            same=format_number(preview.unchanged),
        )
        parts = [counts]
        if preview.new_workshops:
            names = [
                self.tr("{code} {name} (baris {line})").format(
                    code=w.institution_code, name=w.name, line=w.line
                )
                for w in preview.new_workshops[:_WORKSHOPS_SHOWN]
            ]
            hidden = len(preview.new_workshops) - len(names)
            listed = ", ".join(names)
            if hidden > 0:
                listed = self.tr("{names} dan {count} lainnya").format(names=listed, count=hidden)
            parts.append(self.tr("Bengkel kerja baru: {names}").format(names=listed))
        if preview.ignored_columns:
            parts.append(
                self.tr("Kolom yang tidak dikenal (diabaikan): {columns}").format(
                    columns=", ".join(preview.ignored_columns)
                )
            )
        return "<br>".join(parts)

    # --- import ------------------------------------------------------------------------------
    def apply(self) -> Running | None:
        """Import the previewed file on the operations layer (checked again against the
        catalog as it is then); ``imported`` when it is written."""
        if self.path is None or self.preview is None or not self.preview.ok:
            self.show_status(self.tr("Perbaiki file lalu pratinjau lagi."), WARNING)
            return None
        self.cancelled = False
        self.import_button.setEnabled(False)
        db, path, actor = self.till.db, self.path, self.actor

        def work(progress: Progress) -> ImportResult:
            return apply_catalog_import(db, path, progress=progress, actor=actor)

        return self._run(
            self.tr("Impor katalog"),
            self.tr("Mengimpor baris {done} dari {total}…"),
            work,
            self._imported,
            self._import_failed,
        )

    def _import_failed(self, error: Exception) -> None:
        if isinstance(error, ImportCancelled):
            self.cancelled = True
            self.import_button.setEnabled(True)
            self.show_status(describe_error(error), WARNING)
        elif isinstance(error, CatalogImportRejected):
            # The file (or the catalog) changed since the preview: show the new problems.
            self._show_errors(error.errors)
            self.show_status(describe_error(error), ERROR)
        else:  # unreadable, not permitted, a change made meanwhile, a full disk …
            self.import_button.setEnabled(True)
            self.show_status(describe_error(error), ERROR)

    def _imported(self, result: ImportResult) -> None:
        self.result_of_import = result
        self.show_status(
            self.tr(
                "Impor selesai: {added} produk baru, {changed} berubah, {same} sama, "
                "{workshops} bengkel kerja baru."
            ).format(
                added=format_number(result.added),
                changed=format_number(result.changed),
                same=format_number(result.unchanged),
                workshops=format_number(len(result.new_workshops)),
            )
        )
        self._set_hint(self.tr("Sudah diimpor. Tutup jendela ini untuk kembali ke katalog."), INFO)
        self.imported.emit(result)

    def _set_error_rows(self, errors: Sequence[CsvRowError]) -> None:
        # The service's English message has the details (the first line of a duplicate,
        # the other product): the tooltip keeps them beside the sentence.
        self.errors_model.set_rows(
            [
                (format_number(e.line), csv_column_title(e.column), describe_csv_row_error(e))
                for e in errors
            ],
            tooltips=[e.message for e in errors],
        )

    def _show_errors(self, errors: Sequence[CsvRowError]) -> None:
        self._set_error_rows(errors)
        self._set_tab_titles()
        self.tabs.setCurrentWidget(self.errors_view)
        self.import_button.setEnabled(False)
        self._set_hint(self.tr("Perbaiki file lalu pratinjau lagi."), ERROR)
