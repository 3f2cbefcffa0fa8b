"""The layout's rules, checked on the source: which area may import which, Qt only in ui/, no
private name across a module boundary, every area saying what it owns, every paper made with
the papers kit.

Areas are the packages below ``bazaar_pos`` (``till``, ``stock`` …) plus the shared modules at
its top. An import from one area to another must be listed in :data:`MAY_IMPORT`: the core is
a stack of areas (what a sale needs from the catalog, never the other way round), the papers
read the other areas' data, and only the command line and the screens sit on top of it all.
A new feature goes into the area of what the user does; a new dependency between areas is a
line here, decided on purpose.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import bazaar_pos

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = REPO_ROOT / "bazaar_pos"


def in_fresh_interpreter(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new Python with the repository on its path (and ``env`` set)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SHARED = frozenset(
    {
        "__init__",
        "errors",
        "money",
        "files",
        "paths",
        "settings",
        "csv_cells",
        "logs",
        "instance_lock",
        "collector",
    }
)
CORE = ("people", "catalog", "stock", "till", "reports", "sync", "papers", "demo", "backup")

# Besides the shared modules and db/, which every area may use.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "db": frozenset(),
    "people": frozenset(),
    "backup": frozenset({"people"}),
    "catalog": frozenset({"people", "backup"}),
    "stock": frozenset({"people", "catalog"}),
    "till": frozenset({"people", "catalog", "stock"}),
    "reports": frozenset({"people", "catalog", "stock", "till"}),
    "sync": frozenset({"people", "catalog", "stock", "till", "backup"}),
    "papers": frozenset({"people", "catalog", "stock", "till", "reports"}),
    "demo": frozenset({"people", "catalog", "stock", "till"}),
    # the demo event of a new till, a backup before a migration, undoing a catalog import or
    # a merge whose process died; who sets a new database up (its first admin: people's Actor)
    "startup": frozenset({"demo", "backup", "catalog", "sync", "people"}),
    "__main__": frozenset({"cli"}),
    "cli": frozenset({*CORE, "startup", "ui"}),
    "ui": frozenset({*CORE, "startup"}),
}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _area(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    name = parts[1]
    if not (PACKAGE / name).is_dir() and not (PACKAGE / f"{name}.py").is_file():
        return "__init__"  # a name the package itself defines (``__version__``)
    return name


def _imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) of every import, lazy ones included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def test_areas_import_only_what_the_layout_allows() -> None:
    refused = []
    for module, path in _modules():
        source = _area(module)
        # the shared modules need nothing but each other and the database
        allowed = {"db"} if source in SHARED else {"db", *MAY_IMPORT[source]}
        for line, imported, names in _imports(path):
            if not imported.startswith("bazaar_pos"):
                continue
            targets = [f"{imported}.{n}" for n in names] if imported == "bazaar_pos" else [imported]
            for target in targets:
                area = _area(target)
                if area == source or area in SHARED or area in allowed:
                    continue
                refused.append(f"{path.relative_to(REPO_ROOT)}:{line}: {source} -> {area}")
    assert not refused, "\n".join(refused)


def test_only_the_screens_import_qt() -> None:
    found = [
        f"{path.relative_to(REPO_ROOT)}:{line}"
        for module, path in _modules()
        if _area(module) != "ui"
        for line, imported, _ in _imports(path)
        if imported.split(".")[0] in ("PySide6", "pytestqt")
    ]
    assert not found, found


def test_no_private_name_crosses_a_module_boundary() -> None:
    found = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {imported}.{name}"
        for _, path in _modules()
        for line, imported, names in _imports(path)
        if imported.startswith("bazaar_pos")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not found, "\n".join(found)


def test_every_area_says_what_it_owns() -> None:
    packages = [p for p in PACKAGE.rglob("__init__.py") if "migrations" not in p.parts]
    assert len(packages) >= 15
    for init in packages:
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 40, f"{init.relative_to(REPO_ROOT)} has no docstring"


def test_the_top_of_the_package_holds_only_what_all_areas_share() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= SHARED | {"startup", "__main__"}, sorted(top - SHARED)


def test_every_paper_is_made_with_the_kit() -> None:
    """Only the kit draws pages and registers fonts; a document says what goes on its paper.
    The label sheet is the one template of its own (a grid of labels), with the kit's fonts."""
    papers = PACKAGE / "papers"
    for path in sorted(papers.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.name == "labels.py":
            assert "registerFont" not in source and "Helvetica" not in source
            continue
        for forbidden in ("Canvas(", "registerFont", "SimpleDocTemplate", "Helvetica", "setFont"):
            assert forbidden not in source, f"{path.name} uses {forbidden}"


def test_papers_read_data_not_the_database() -> None:
    for path in sorted((PACKAGE / "papers").rglob("*.py")):
        for line, imported, _ in _imports(path):
            assert not imported.startswith(("sqlalchemy", "bazaar_pos.db.models")), (
                f"{path.relative_to(REPO_ROOT)}:{line} imports {imported}"
            )


def _core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(bazaar_pos.__path__, "bazaar_pos.")
        if not info.name.startswith(("bazaar_pos.ui", "bazaar_pos.db.migrations"))
        and info.name not in ("bazaar_pos.cli.commands", "bazaar_pos.__main__")
    ]


@pytest.mark.parametrize("modules", [_core_modules()], ids=["all core modules"])
def test_the_core_never_loads_qt(modules: list[str]) -> None:
    """Importing every core module in a fresh interpreter loads no Qt (not even through a
    library): the CLI and the tests use the same services without a screen."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "assert not qt, qt\n"
    )
    done = in_fresh_interpreter(code)
    assert done.returncode == 0, done.stderr


# --- long work never on the GUI thread ----------------------------------------------------------

UI = PACKAGE / "ui"
# The jobs that can take more than ~200 ms (a merge, an export, an import, a report, a
# document of every product, a backup, a walk of the journal): the screens hand them to the
# operations layer (bazaar_pos/ui/operations.py), never call them themselves.
LONG_JOBS = frozenset(
    {
        "import_export",
        "import_exports",
        "export_till",
        "apply_catalog_import",
        "preview_catalog_import",
        "export_catalog_csv",
        "end_of_event_report",
        "render_event_report_pdf",
        "event_report_csv",
        "sales_report",
        "variance_report",
        "render_variance_pdf",
        "write_variance_csv",
        "backup_database",
        "make_backup",
        "back_up",
        "list_backups",
        "restore_backup",
        "verify_journal",
    }
)
# Where a long job may run on the GUI thread, and why nobody waits on it there.
ON_THE_GUI_THREAD_ON_PURPOSE = {
    # the window is closed: the last backup as the app exits, nothing left to keep responsive
    ("bazaar_pos/ui/backup/auto.py", "make_backup"),
    # the till's own file cannot be used (damaged, missing): nothing can be sold, the window
    # (if any) closes after the restore
    ("bazaar_pos/ui/backup/restore_at_start.py", "list_backups"),
    ("bazaar_pos/ui/backup/restore_at_start.py", "restore_backup"),
}


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _calls_outside_work(node: ast.AST, inside_work: bool = False) -> Iterator[ast.Call]:
    """Every call in ``node``, and whether it sits in the body of a ``def work``."""
    for child in ast.iter_child_nodes(node):
        in_work = inside_work or (isinstance(child, ast.FunctionDef) and child.name == "work")
        if isinstance(child, ast.Call) and not in_work:
            yield child
        yield from _calls_outside_work(child, in_work)


def test_the_screens_call_long_jobs_only_in_the_work_they_hand_to_the_operations_layer() -> None:
    """The rule, as simple as it can be checked on the source: in bazaar_pos/ui a long job is
    called only inside a function named ``work`` (``def work(progress)``, made where its op
    is made), and a function named ``work`` is never called in bazaar_pos/ui, only handed on
    (to ``Op(...)``, or to a helper that hands it to ``Op``), so it runs on a worker thread of
    the layer. A job called under another name (an alias, ``getattr``) is not seen: the names
    are the services' own, imported as they are."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        where = str(path.relative_to(REPO_ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls_outside_work(tree):
            name = _called_name(call)
            if name in LONG_JOBS and (where, name) not in ON_THE_GUI_THREAD_ON_PURPOSE:
                found.append(f"{where}:{call.lineno}: {name}() outside a work function")
        found.extend(
            f"{where}:{node.lineno}: work() called, not handed on"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "work"
        )
    assert not found, "\n".join(found)


def test_the_architecture_rule_sees_a_long_job_called_on_the_gui_thread() -> None:
    """The check above, on a screen that merges on the GUI thread and on one that does it
    right: only the first is found."""
    wrong = ast.parse("def import_data(self):\n    import_export(self.db, path)\n")
    right = ast.parse(
        "def import_data(self):\n"
        "    def work(progress):\n"
        "        return import_export(self.db, path, progress=progress)\n"
        "    run(Op('merge', 'Impor', work, self.done))\n"
    )
    assert [_called_name(c) for c in _calls_outside_work(wrong)] == ["import_export"]
    assert "import_export" not in [_called_name(c) for c in _calls_outside_work(right)]


def test_nothing_pumps_the_event_loop_by_hand() -> None:
    """No ``processEvents(`` anywhere in the package: long work runs on the operations layer,
    so the GUI thread never has to keep itself alive in a loop (re-entrancy: a click handled
    in the middle of another handler)."""
    found = [
        str(path.relative_to(REPO_ROOT))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "processEvents(" in path.read_text(encoding="utf-8")
    ]
    assert not found, found


def test_no_wait_cursor_over_a_window_that_could_sell() -> None:
    """A wait cursor meant work on the GUI thread: only the restore of a till whose file
    cannot be used (nothing can be sold) still shows one."""
    found = [
        str(path.relative_to(REPO_ROOT))
        for path in sorted(UI.rglob("*.py"))
        if "setOverrideCursor(" in path.read_text(encoding="utf-8")
    ]
    assert found == ["bazaar_pos/ui/backup/restore_at_start.py"]


# --- what the window needs before it is shown ------------------------------------------------

# Not needed to show the till's window: the receipt's ReportLab (and its barcode widgets) and
# Qt's PDF and print modules are warmed after it is shown, while the cashier logs in
# (bazaar_pos/ui/warm_up.py); the migrations only run on a database below the head revision;
# PostgreSQL and the till's signing key are not used by an SQLite till's start; the papers,
# reports and sync are loaded by their menus.
NOT_BEFORE_THE_WINDOW = (
    "reportlab",
    "PIL",
    "alembic",
    "psycopg",
    "psycopg2",
    "cryptography",
    "sqlalchemy.dialects.postgresql",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "bazaar_pos.papers",
    "bazaar_pos.reports",
    "bazaar_pos.sync",
)


def test_the_window_is_shown_without_the_heavy_modules(tmp_path: Path) -> None:
    """A fresh interpreter opens an existing till and shows its window the way the app does
    (``cli.commands`` first, ``open_till``, ``show_window``): none of the modules above is
    loaded by then. Each one was ~20–300 ms and a few MB of every start."""
    from bazaar_pos.startup import open_till

    open_till(tmp_path, seed_demo=True, anonymous_setup=True).db.dispose()
    code = (
        "import sys\n"
        "import bazaar_pos.cli.commands\n"
        "from bazaar_pos.startup import open_till\n"
        "from bazaar_pos.ui.app import show_window\n"
        f"till = open_till({str(tmp_path)!r}, check_later=True)\n"
        "window = show_window(till, ask=False)\n"
        f"heavy = {NOT_BEFORE_THE_WINDOW!r}\n"
        "found = sorted(m for m in sys.modules if m.startswith(heavy))\n"
        "assert not found, found\n"
        "assert window.isVisible()\n"
    )
    done = in_fresh_interpreter(code, QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stderr


def test_the_start_window_paints_its_login_before_sqlalchemy_is_imported(tmp_path: Path) -> None:
    """``python -m bazaar_pos`` paints its login from Qt alone: nothing of SQLAlchemy, the
    models or the screens is loaded by then (they were ~0.4 s and ~40 MB before any window
    showed); the till is opened behind it (tests/ui/test_start_window.py)."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['bazaar_pos', '--data-dir', {str(tmp_path)!r}, '--exit-when-painted']\n"
        "try:\n"
        "    runpy.run_module('bazaar_pos', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        "heavy = ('sqlalchemy', 'alembic', 'bazaar_pos.db.engine', 'bazaar_pos.db.models',\n"
        "         'bazaar_pos.startup', 'bazaar_pos.ui.main_window', 'bazaar_pos.people')\n"
        "found = sorted(m for m in sys.modules if m.startswith(heavy))\n"
        "assert not found, found\n"
        "assert 'bazaar_pos.ui.start_window' in sys.modules\n"
    )
    done = in_fresh_interpreter(
        code,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    assert done.returncode == 0, done.stderr
    assert "painted_ms=" in done.stdout
