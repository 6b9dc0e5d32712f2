"""Tables as CSV and Excel downloads: streamed, safe to open in a spreadsheet, with real dates."""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMULA_FIRST = frozenset(FORMULA_STARTS)
BOM = "\ufeff"
# CSV pieces are this many rows; remembered cell texts are at most this many, of strings at most this long.
ROWS_PER_PIECE = 500
MOST_REMEMBERED = 5_000
LONGEST_REMEMBERED = 200
EMPTY_TEXTS = {None: "", "": ""}
# Excel's day zero (its 1900 leap-year bug makes it the 30th) and the longest text a cell holds.
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_CELL_TEXT = 32767
# Text that needs XML escaping, or Excel's own _xHHHH_ escaping of control characters, as xlsxwriter does it.
NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def safe_cell(value: Any) -> Any:
    """Return a value a spreadsheet will show as text, never run: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]], repeated: int = 0) -> Iterator[str]:
    """Yield a CSV file piece by piece: UTF-8 byte order mark, header, then rows, in bounded memory.

    The same text csv.writer writes, made faster: the text of short strings and dates (module titles, statuses,
    dates, which repeat row after row) is made once and remembered. `repeated` says how many leading cells often
    repeat from one row to the next (a person's details over their modules): while they do, their text is reused.
    """
    texts = _CellTexts()
    yield BOM + texts.line(header)
    pieces: list[str] = []
    lead, lead_text = None, ""
    known, text_of = texts.known, texts.text_of
    for row in rows:
        tail = row[repeated:]
        if not repeated or not tail:
            pieces.append(texts.line(row))
        else:
            head = row[:repeated]
            if head != lead:
                lead_text = texts.fresh(head) + ","
                # Reused only for text: equal numbers of another type (0 and False) are written differently.
                lead = head if all(type(v) is str or v is None for v in head) else None
            # Inline, not texts.cells(tail): a function call per row costs as much as the rest of the row.
            pieces.append(lead_text + ",".join([known[v] if v in known else text_of(v) for v in tail]) + "\r\n")
        if len(pieces) >= ROWS_PER_PIECE:
            yield "".join(pieces)
            pieces.clear()
    yield "".join(pieces)


class _CellTexts:
    """The CSV text of cells as csv.writer writes them, remembering that of short strings and dates."""

    def __init__(self):
        self.known: dict[Any, str] = dict(EMPTY_TEXTS)
        self.buffer = io.StringIO()
        # With its usual line ending: csv.writer quotes a cell holding any character of it.
        self.writer = csv.writer(self.buffer)

    def text_of(self, value: Any) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow([_csv_cell(value)])
        text = self.buffer.getvalue().removesuffix("\r\n")
        # Never numbers or booleans: 1 and True are the same key.
        if type(value) in (date, datetime) or (type(value) is str and len(value) <= LONGEST_REMEMBERED):
            if len(self.known) >= MOST_REMEMBERED:  # memory stays flat however many distinct values there are
                self.known.clear()
                self.known.update(EMPTY_TEXTS)
            self.known[value] = text
        return text

    def fresh(self, row: Sequence[Any]) -> str:
        """Return the text of cells seldom seen again (a person's name and e-mail), without remembering it."""
        if len(row) == 1:  # csv.writer would quote a lone empty cell
            return self.cells(row)
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow([_csv_cell(value) for value in row])
        return self.buffer.getvalue().removesuffix("\r\n")

    def cells(self, row: Iterable[Any]) -> str:
        known = self.known
        return ",".join([known[v] if v in known else self.text_of(v) for v in row])

    def line(self, row: Sequence[Any]) -> str:
        text = self.cells(row)
        # csv.writer quotes a lone empty cell, so that the line is not taken for a row of no cells.
        return ('""' if len(row) == 1 and not text else text) + "\r\n"


def _csv_cell(value: Any) -> Any:
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
    _RowWriter(worksheet, formats).write(sheet.rows)


class _RowWriter:
    """Write data rows straight into a constant-memory worksheet's row file, as xlsxwriter itself writes them.

    xlsxwriter's write_* methods cost about 15 µs a cell (checks, a cell object, regular expressions, one file
    write per cell): over a minute for a 120,000-row report. Here a row is one joined string with the same
    cell XML, so xlsxwriter still writes the workbook, its styles, widths and frozen header around these rows.
    """

    def __init__(self, worksheet, formats: dict):
        self.worksheet = worksheet
        self.date_style = formats["date"]._get_xf_index()
        self.datetime_style = formats["datetime"]._get_xf_index()
        self.columns: list[str] = []
        self.tails: dict[Any, str] = {}

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        worksheet = self.worksheet
        worksheet._write_single_row(1)  # writes the header row; data rows follow it in the same file
        row_number, widest, pieces = 0, 0, []
        for row_number, row in enumerate(rows, start=1):  # noqa: B007  (the last row number sets the dimensions)
            widest = max(widest, len(row))
            pieces.append(self._row(row_number, row))
            if len(pieces) >= 500:
                worksheet.fh.write("".join(pieces))
                pieces.clear()
        worksheet.fh.write("".join(pieces))
        if row_number:
            worksheet._check_dimensions(row_number, max(widest, 1) - 1)
            worksheet.previous_row = row_number + 1

    def _row(self, row_number: int, row: Sequence[Any]) -> str:
        while len(self.columns) < len(row):
            self.columns.append('<c r="' + xl_col_to_name(len(self.columns)))
        number = str(row_number + 1)  # XML rows count from 1
        get, cells = self.tails.get, ['<row r="' + number + '">']
        for opening, value in zip(self.columns, row, strict=False):
            if value is not None:
                # Agencies, teams, modules, statuses and dates repeat row after row: their XML is made once.
                # Only text and dates are remembered, and they never equal a number, so numbers always miss.
                tail = get(value)
                cells.append(opening + number + (tail if tail is not None else self._tail(value)))
        cells.append("</row>")
        return "".join(cells)

    def _tail(self, value: Any) -> str:
        """Return a cell's XML after its reference, remembering it for text and dates."""
        if isinstance(value, datetime):
            serial = (value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86400
            tail = f'" s="{self.datetime_style}"><v>{serial!r}</v></c>'
        elif isinstance(value, date):
            tail = f'" s="{self.date_style}"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'
        elif isinstance(value, bool):
            return f'" t="b"><v>{int(value)}</v></c>'
        elif isinstance(value, int | float):
            return f'"><v>{value!r}</v></c>'
        else:
            tail = _text_tail(str(value))
        if len(self.tails) >= 20_000:  # memory stays flat however many distinct names there are
            self.tails.clear()
        self.tails[value] = tail
        return tail


def _text_tail(value: str) -> str:
    # write_string never made a formula; the apostrophe also keeps the text inert if re-saved as CSV.
    text = safe_cell(value)[:MAX_CELL_TEXT]
    if NEEDS_ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = ESCAPED_ESCAPE.sub(r"_x005F\1", text)
        text = CONTROL_CHARACTER.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'" t="inlineStr"><is><t{space}>{text}</t></is></c>'
