"""CSV downloads that spreadsheets open safely."""

import csv

from django.http import HttpResponse
from django.utils import timezone

# A cell that starts with one of these is a formula in Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Return `value` as text that a spreadsheet will not run as a formula.

    Anyone can type a formula into a public form, so every exported cell goes
    through here.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_download(*, name, header, rows):
    """Return a CSV attachment named `name` and the time, with `header` and then `rows`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return response
