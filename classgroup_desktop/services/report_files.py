"""Saving a report as a file: the one place the GUI and the CLI export through.

Each call renders and writes, so the 月报 view, ``report --pdf/--xlsx`` and a report package
cannot differ. A file is saved whole or not at all: success means the file is on disk, checked
(see ``io.output_path``); any failure is a ``UserError`` naming the file and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classgroup_desktop.core.report import Report

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QPagedPaintDevice

__all__ = ["check_target", "page_images", "prepare_printer", "print_to", "save_pdf", "save_xlsx"]


def check_target(path: str | Path) -> Path:
    """``path`` if a report can be saved there (existing folder; not a folder, device or pipe);
    UserError otherwise. Asked before anything is computed or finalised."""
    from classgroup_desktop.io.output_path import check_output_path

    return check_output_path(path)


def save_pdf(report: Report, path: str | Path) -> int:
    """Save ``report`` as an A4 PDF at ``path``; returns the page count."""
    from classgroup_desktop.io.report_pdf import write_pdf

    return write_pdf(report, path)


def save_xlsx(report: Report, path: str | Path) -> None:
    """Save ``report``'s data as an Excel workbook at ``path``."""
    from classgroup_desktop.io.report_xlsx import write_xlsx

    write_xlsx(report, path)


def page_images(report: Report, dpi: int) -> list[QImage]:
    """The report's pages as images for the in-window preview: the PDF's own layout."""
    from classgroup_desktop.io.report_pdf import render_page_images

    return render_page_images(report, dpi=dpi)


def prepare_printer(printer: QPagedPaintDevice) -> None:
    """Set a printer up as the PDF is laid out: A4 portrait, no device margins."""
    from classgroup_desktop.io.report_pdf import configure_a4

    configure_a4(printer)


def print_to(report: Report, printer: QPagedPaintDevice) -> int:
    """Paint ``report`` onto a printer (or a print preview's); returns the page count."""
    from classgroup_desktop.io.report_pdf import render_report

    return render_report(report, printer)
