"""Bar and line charts drawn on the server as inline SVG, with the numbers behind them.

A chart is data first (`Chart`: a title, what is counted and in which unit,
and its rows), from which come the SVG, its text alternative, the table shown
beside it and the CSV download: four views of the same rows, so they agree.
The SVG uses presentation attributes only (no style attribute, no script), so
the Content-Security-Policy stays as it is, and scales to the width it is given.
"""

import csv
import io
import math
from dataclasses import dataclass, field

from django.utils.formats import localize, number_format
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

WIDTH = 640
BAR_HEIGHT = 22
LINE_HEIGHT = 220
LABEL_WIDTH = 190
MARGIN = {"top": 12, "right": 24, "bottom": 46, "left": 56}
INK, BAR, GRID = "#1f2933", "#1d4f91", "#c8ced6"


@dataclass
class Chart:
    """One chart: `rows` are (label, value); `unit` names what a value counts."""

    slug: str
    title: str
    style: str  # "bar" or "line"
    label_heading: str
    value_heading: str
    unit: str
    rows: list = field(default_factory=list)
    note: str = ""

    @property
    def total(self):
        return sum(value for _, value in self.rows)

    def summary(self):
        """Return the chart's text alternative: what it shows and its notable numbers."""
        if not self.rows or not any(value for _, value in self.rows):
            return f"{self.title}: none in this period."
        high_label, high = max(self.rows, key=lambda row: row[1])
        low_label, low = min(self.rows, key=lambda row: row[1])
        if self.style == "line":
            return (
                f"{self.title}, {self.rows[0][0]} to {self.rows[-1][0]}: "
                f"{shown(self.total)} {self.unit} in all; highest {shown(high)} on {high_label}, "
                f"lowest {shown(low)} on {low_label}."
            )
        listed = "; ".join(f"{label}: {shown(value)}" for label, value in self.rows[:5])
        more = f"; and {len(self.rows) - 5} more in the table" if len(self.rows) > 5 else ""
        return f"{self.title}, in {self.unit}: {listed}{more}."

    def table_rows(self):
        """Return the rows of the table beside the chart, as the template would write
        them: built here in one pass, since a line over 90 days has 90 rows."""
        return format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((localize(label), localize(value)) for label, value in self.rows),
        )

    def svg(self):
        if not self.rows:
            return ""
        return mark_safe(self._bars() if self.style == "bar" else self._line())

    def csv(self):
        """Return the rows as CSV text, under the table's headings."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([self.label_heading, f"{self.value_heading} ({self.unit})"])
        for label, value in self.rows:
            # A label typed by a visitor (a query) must not run as a formula.
            text = str(label)
            writer.writerow(["'" + text if text[:1] in "=+-@\t\r" else text, value])
        return out.getvalue()

    def _open(self, height):
        labelled = f"chart-{self.slug}-title chart-{self.slug}-desc"
        return (
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{labelled}" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="system-ui, sans-serif" font-size="12" fill="{INK}">'
            f'<title id="chart-{self.slug}-title">{escape(self.title)}</title>'
            f'<desc id="chart-{self.slug}-desc">{escape(self.summary())}</desc>'
        )

    def _bars(self):
        """Horizontal bars, one per row, labels on the left, a value axis below."""
        left, right = LABEL_WIDTH, WIDTH - MARGIN["right"] - 40
        top = MARGIN["top"]
        height = top + BAR_HEIGHT * len(self.rows) + MARGIN["bottom"]
        ticks = nice_ticks(max(value for _, value in self.rows))
        scale = (right - left) / ticks[-1]
        axis_y = top + BAR_HEIGHT * len(self.rows)
        parts = [self._open(height)]
        for tick in ticks:
            x = left + tick * scale
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis_y}" stroke="{GRID}"/>'
                f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{shown(tick)}</text>'
            )
        for index, (label, value) in enumerate(self.rows):
            y = top + index * BAR_HEIGHT
            text = str(label)
            short = text if len(text) <= 28 else text[:27] + "…"
            parts.append(
                f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
                f'<rect x="{left}" y="{y + 4}" width="{value * scale:.1f}"'
                f' height="{BAR_HEIGHT - 8}" fill="{BAR}"/>'
                f'<text x="{left + value * scale + 4:.1f}" y="{y + 15}">{shown(value)}</text>'
            )
        parts.append(
            f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="{INK}"/>'
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="{INK}"/>'
            f'<text x="{(left + right) / 2:.0f}" y="{axis_y + 36}" text-anchor="middle">'
            f"{escape(self.value_heading)} ({escape(self.unit)})</text></svg>"
        )
        return "".join(parts)

    def _line(self):
        """A line over the days, a value axis on the left, dates below."""
        left, right = MARGIN["left"], WIDTH - MARGIN["right"]
        top, bottom = MARGIN["top"], LINE_HEIGHT - MARGIN["bottom"]
        ticks = nice_ticks(max(value for _, value in self.rows))
        y_scale = (bottom - top) / ticks[-1]
        step = (right - left) / max(1, len(self.rows) - 1)
        parts = [self._open(LINE_HEIGHT)]
        for tick in ticks:
            y = bottom - tick * y_scale
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>'
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{shown(tick)}</text>'
            )
        points = " ".join(
            f"{left + index * step:.1f},{bottom - value * y_scale:.1f}"
            for index, (_, value) in enumerate(self.rows)
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="{BAR}" stroke-width="2"/>')
        if len(self.rows) <= 31:
            parts.extend(
                f'<circle cx="{left + index * step:.1f}" cy="{bottom - value * y_scale:.1f}"'
                f' r="2.5" fill="{BAR}"/>'
                for index, (_, value) in enumerate(self.rows)
            )
        every = max(1, math.ceil(len(self.rows) / 6))
        for index in range(0, len(self.rows), every):
            parts.append(
                f'<text x="{left + index * step:.1f}" y="{bottom + 16}" text-anchor="middle">'
                f"{escape(self.rows[index][0])}</text>"
            )
        parts.append(
            f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>'
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}"/>'
            f'<text x="{(left + right) / 2:.0f}" y="{bottom + 36}" text-anchor="middle">'
            f"{escape(self.label_heading)}; {escape(self.value_heading)} ({escape(self.unit)})"
            "</text></svg>"
        )
        return "".join(parts)


def nice_ticks(highest):
    """Return 0 and round values up to at least `highest`, about five of them."""
    if highest <= 0:
        return [0, 1]
    raw = highest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if step < 1 and float(highest).is_integer():
        step = 1
    count = math.ceil(highest / step)
    return [tick_value(i * step) for i in range(count + 1)]


def tick_value(value):
    return int(value) if float(value).is_integer() else round(value, 2)


def shown(value):
    """Return a number as the page and the chart write it: 12,345 or 12.5."""
    if isinstance(value, float) and not value.is_integer():
        return number_format(round(value, 1), decimal_pos=1, force_grouping=True)
    return number_format(int(value), force_grouping=True)
