"""Helpers for the admin tests: an admin signed in through the real form, and spreadsheets of staff."""

import csv
import io
import re

from openpyxl import Workbook

HEADER = ["Email", "Name", "Agency", "Team", "Profession", "Roles"]
AGENCY = "Hackney Children and Families Service"


def csv_bytes(rows, header=HEADER) -> bytes:
    """Return a CSV file of these rows, with a heading row, as Excel saves it (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    """Return an Excel workbook of these rows with a heading row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def staff(count: int, start: int = 1, team="Children in Need", roles="learner") -> list[list[str]]:
    return [
        [f"worker{n}@example.org", f"Worker {n}", AGENCY, team, "Social worker", roles]
        for n in range(start, start + count)
    ]


def link_in(message) -> str:
    """Return the path of the set-password link in an e-mail."""
    body = message.get_payload(decode=True).decode("utf-8")
    match = re.search(r"https?://[^/\s]+(/set-password/\S+)", body)
    assert match, body
    return match.group(1)
