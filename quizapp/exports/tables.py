"""Tables as CSV and Excel downloads: streamed, safe to open in a spreadsheet, with real dates."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import xlsxwriter

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """Return a value a spreadsheet will show as text, never run: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield a CSV file piece by piece: UTF-8 byte order mark, header, then rows, in bounded memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield BOM
    for row in _chain([header], rows):
        writer.writerow([_csv_value(value) for value in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _chain(first, rest):
    yield from first
    yield from rest


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else safe_cell(value)


@dataclass
class Sheet:
    """One worksheet: a name, column headings with widths in characters, and rows."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = field(default_factory=list)


def xlsx_file(sheets: Sequence[Sheet]) -> tempfile.SpooledTemporaryFile:
    """Write an Excel workbook row by row (constant memory) and return it as a file positioned at the start."""
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115  (the caller sends and closes it)
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#F3F2F1", "bottom": 1}),
        "date": workbook.add_format({"num_format": "d mmm yyyy"}),
        "datetime": workbook.add_format({"num_format": "d mmm yyyy hh:mm"}),
        "text": workbook.add_format({"text_wrap": False}),
    }
    for sheet in sheets:
        _write_sheet(workbook, sheet, formats)
    workbook.close()
    output.seek(0)
    return output


def _write_sheet(workbook, sheet: Sheet, formats: dict) -> None:
    worksheet = workbook.add_worksheet(sheet.name[:31])
    for column, width in enumerate(sheet.widths):
        worksheet.set_column(column, column, width)
    worksheet.freeze_panes(1, 0)
    for column, heading in enumerate(sheet.header):
        worksheet.write_string(0, column, heading, formats["header"])
    for row_number, row in enumerate(sheet.rows, start=1):
        for column, value in enumerate(row):
            _write_cell(worksheet, row_number, column, value, formats)


def _write_cell(worksheet, row: int, column: int, value: Any, formats: dict) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        worksheet.write_datetime(row, column, value.replace(tzinfo=None), formats["datetime"])
    elif isinstance(value, date):
        worksheet.write_datetime(row, column, datetime(value.year, value.month, value.day), formats["date"])
    elif isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        worksheet.write_number(row, column, value)
    else:
        # write_string never makes a formula; the apostrophe also keeps the text inert if re-saved as CSV.
        worksheet.write_string(row, column, safe_cell(str(value)))
