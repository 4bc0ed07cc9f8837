"""The dashboards' downloads never hand a spreadsheet a formula: a text cell that would start
one gets an apostrophe in the CSV and is stored as text in the XLSX (OWASP « CSV injection »).
Numbers, negative ones included, stay numbers."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from dashboards.spreadsheet import Number, Sheet, response

TEXTS = ["=1+1", "+33 1", "-2-3", "@A1", "\tcmd", "Territoire A"]


def test_text_cells_are_neutralized_numbers_are_not():
    sheet = Sheet(name="Essai", headers=["Texte", "Nombre"])
    sheet.rows = [[text, Number(Decimal("-1.5"), 1)] for text in TEXTS]

    content = response(sheet, file_format="csv", filename="essai").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))[1:]
    assert [row[0] for row in rows] == [
        "'=1+1",
        "'+33 1",
        "'-2-3",
        "'@A1",
        "'\tcmd",
        "Territoire A",
    ]
    assert {row[1] for row in rows} == {"-1,5"}

    workbook = load_workbook(io.BytesIO(response(sheet, file_format="xlsx", filename="e").content))
    cells = [
        (row[0].value, row[0].data_type, row[1].value)
        for row in workbook.active.iter_rows(min_row=2)
    ]
    assert cells == [(text, "s", -1.5) for text in TEXTS]
