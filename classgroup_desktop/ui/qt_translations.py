"""Qt's own texts in Chinese: standard buttons (确定/取消/是/否), text-box context menus, the print
preview's toolbar. PySide6 ships ``qtbase_zh_CN.qm``; without it those texts stay English."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOGUE = "qtbase"


def install_qt_translations(app: QCoreApplication, locale: QLocale | None = None) -> bool:
    """Load Qt's translation for ``locale`` (default zh_CN: the app's UI is Chinese).

    Returns whether a catalogue was found; the translator is kept alive on the application."""
    locale = locale or QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(locale, CATALOGUE, "_", folder):
        return False
    app.installTranslator(translator)
    return True
