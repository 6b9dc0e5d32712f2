"""CSV and Excel downloads keep text as text, dates as dates and non-ASCII intact."""

from datetime import UTC, date, datetime

import pytest
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
