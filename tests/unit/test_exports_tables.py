"""CSV and Excel downloads keep text as text, dates as dates and non-ASCII intact."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from quizapp.exports.tables import BOM, Sheet, csv_stream, safe_cell, xlsx_file

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_ordinary_values_are_unchanged():
    assert [safe_cell(v) for v in ["Zoë's reflection", 3, None, "a=b"]] == ["Zoë's reflection", 3, None, "a=b"]


def test_csv_starts_with_a_bom_and_keeps_non_ascii_and_dates():
    text = "".join(csv_stream(["Name", "Completed"], [["Zoë Ångström", date(2026, 11, 3)], ["=1+1", None]]))

    assert text.startswith(BOM)
    lines = text[1:].splitlines()
    assert lines == ["Name,Completed", "Zoë Ångström,2026-11-03", "'=1+1,"]


def test_csv_streams_in_pieces():
    pieces = list(csv_stream(["n"], ([str(i) * 50] for i in range(5000))))

    assert len(pieces) > 3


def test_excel_has_real_dates_frozen_header_and_text_that_never_runs(tmp_path):
    when = datetime(2026, 11, 3, 14, 30, tzinfo=UTC)
    sheet = Sheet(
        "People",
        ["Name", "Completed", "On", "Minutes"],
        [['=HYPERLINK("x")', when, date(2026, 1, 2), 45]],
        widths=[30, 20, 12, 8],
    )

    path = tmp_path / "out.xlsx"
    path.write_bytes(xlsx_file([sheet]).read())
    worksheet = load_workbook(path)["People"]

    assert worksheet.freeze_panes == "A2"
    assert [c.value for c in worksheet[1]] == ["Name", "Completed", "On", "Minutes"]
    name, completed, on, minutes = (c.value for c in worksheet[2])
    assert name == '\'=HYPERLINK("x")' and worksheet["A2"].data_type == "s"
    assert completed == datetime(2026, 11, 3, 14, 30)
    assert on == datetime(2026, 1, 2)
    assert minutes == 45


def test_excel_rows_read_back_as_xlsxwriter_itself_would_write_them():
    # The rows are written as XML strings for speed: the same file xlsxwriter's own write methods make must come back.
    rows = [
        ["A & B <c>", " padded ", "_x0041_ literal", "bell\x07", "line\nbreak", "Zoë — ✓"],
        [3, 2.5, True, False, date(2026, 2, 28), datetime(2026, 2, 28, 13, 45, 30)],
        [None, "", "=1+1", 0, -7, "x" * 40_000],
    ]
    fast = load_workbook(xlsx_file([Sheet("Rows", ["a", "b", "c", "d", "e", "f"], rows)]), read_only=True)

    expected = io.BytesIO()
    workbook = xlsxwriter.Workbook(expected, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Rows")
    dated = workbook.add_format({"num_format": "d mmm yyyy"})
    for column, heading in enumerate(["a", "b", "c", "d", "e", "f"]):
        sheet.write_string(0, column, heading)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(number, column, value, dated)
            elif isinstance(value, str):
                sheet.write_string(number, column, safe_cell(value)[:32767])
            elif value is not None:
                sheet.write(number, column, value)
    workbook.close()
    slow = load_workbook(expected, read_only=True)

    assert list(fast["Rows"].values) == list(slow["Rows"].values)
    assert fast["Rows"].max_row == 4 and fast["Rows"].max_column == 6


def test_csv_with_repeated_leading_cells_is_the_same_file():
    rows = [
        ['Zoë, "Z"', "=cmd", "Team", "Module 1", date(2026, 1, 2)],
        ['Zoë, "Z"', "=cmd", "Team", "Module 2", None],
        ["Ann", "", "Team", "Module 1", ""],
        ["Ann", "", "Team"],
    ]
    plain = "".join(csv_stream(["a", "b", "c", "d", "e"], rows))

    assert "".join(csv_stream(["a", "b", "c", "d", "e"], rows, repeated=3)) == plain
    assert plain.splitlines()[1] == '"Zoë, ""Z""",\'=cmd,Team,Module 1,2026-01-02'


def csv_writer_text(header, rows) -> str:
    """The CSV csv.writer itself writes, cell by cell made safe as csv_stream promises."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows]:
        writer.writerow(
            [
                value.strftime("%Y-%m-%d %H:%M")
                if isinstance(value, datetime)
                else value.isoformat()
                if isinstance(value, date)
                else ""
                if value is None
                else safe_cell(value)
                for value in row
            ]
        )
    return BOM + buffer.getvalue()


cells = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(list("ab ,\"'=+-@\t\r\nZë")), max_size=6),
    st.integers(-2, 2),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 1, 3)),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2020, 1, 2)),
)


@given(st.lists(st.lists(cells, max_size=5), max_size=12), st.integers(0, 3))
def test_csv_is_exactly_what_csv_writer_writes(rows, repeated):
    # Remembered cell texts must never stand in for another value: 1 and True, 0 and "", dates and datetimes.
    assert "".join(csv_stream(["a", "b"], rows, repeated=repeated)) == csv_writer_text(["a", "b"], rows)
