#!/bin/sh
# Refresh the translations after changing screen texts, then commit both .ts and .qm files.
#
#   assets/i18n/update_translations.sh
#
# 1. pyside6-lupdate adds new self.tr(...) / QCoreApplication.translate(...) strings of
#    every bazaar_pos/ui/**/*.py to every assets/i18n/bazaar_pos_<lang>.ts, keeping existing translations
#    (strings no longer in the code are dropped: -no-obsolete).
# 2. Translate the entries marked type="unfinished" (pyside6-linguist, or any editor).
# 3. Run this script again: pyside6-lrelease compiles each .ts into the .qm loaded at run time
#    (bazaar_pos/ui/translations.py:install_translators). Unfinished entries are left out of the .qm, so
#    those texts stay Indonesian; tests/ui/test_language.py fails until they are translated.
#
# The tools come from PySide6: found on PATH, else in .venv/bin, else set LUPDATE / LRELEASE.
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
cd "$root"

find_tool() {
    if command -v "$1" >/dev/null 2>&1; then
        command -v "$1"
    elif [ -x ".venv/bin/$1" ]; then
        echo ".venv/bin/$1"
    else
        echo "$0: $1 not found (install PySide6, or set LUPDATE / LRELEASE)" >&2
        exit 1
    fi
}
LUPDATE=${LUPDATE:-$(find_tool pyside6-lupdate)}
LRELEASE=${LRELEASE:-$(find_tool pyside6-lrelease)}

# Every screen module, in a fixed order (the .ts then lists them the same way everywhere).
sources=$(find bazaar_pos/ui -name '*.py' | LC_ALL=C sort)
for ts in assets/i18n/bazaar_pos_*.ts; do
    # shellcheck disable=SC2086 # one argument per file; no file name has a space
    "$LUPDATE" -locations relative -no-obsolete $sources -ts "$ts"
    "$LRELEASE" -nounfinished "$ts" -qm "${ts%.ts}.qm"
done
