"""CSV downloads that spreadsheets open safely.

This follows OWASP's guidance on CSV injection: a cell that would start a
formula gets a leading quote, and every field is quoted, so a value holding a
separator (`x;=1+1`) stays one cell in a spreadsheet that splits on `;`.
"""

import csv

from django.http import HttpResponse
from django.utils import timezone

# A cell that starts with one of these is a formula in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """Return `value` as text that a spreadsheet will not run as a formula.

    Anyone can type a formula into a public form, so every exported cell goes
    through here. Leading spaces do not count: an import that trims them would
    otherwise find the formula.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_download(*, name, header, rows):
    """Return a CSV attachment named `name` and the time, with `header` and then `rows`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return response
