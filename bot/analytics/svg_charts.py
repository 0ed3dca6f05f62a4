"""Server-rendered SVG charts for the staff dashboard: horizontal bars, columns, a heat map.

Hand-written SVG, no JavaScript: every chart is an image with a title and a description
(`role="img"` named by its `<title>`, described by a `<desc>` giving the figures), its colours are presentation
attributes (the staff pages' Content-Security-Policy forbids inline styles) with a contrast
of at least 4.5:1 for the text and 3:1 for the bars (the heat map's two lightest steps are
paler, so every busy cell also writes its number), and the page shows the same figures in a
data table next to it (RGAA 4.1: an alternative to every chart).
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

from markupsafe import Markup, escape

INK = "#1b1b1b"
BRAND = "#0a4d8c"       # 8.6:1 on white
GRID = "#5c6670"        # 5.9:1 on white
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
# Heat map: white to the brand blue in 5 steps; numbers in ink on the light ones (8.9:1 or more),
# in white on the dark ones (5.2:1 or more).
HEAT = ["#ffffff", "#d6e4f2", "#9dbfe0", "#3a6fa8", "#0a4d8c"]
Item = Tuple[str, float, str]       # label, value, what is written next to the bar


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> List[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" font-family="{FONT}" '
        f'font-size="14" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def describe(items: Sequence[Item]) -> str:
    """The figures in words, for the chart's description."""
    return "; ".join(f"{label} : {shown}" for label, _, shown in items) or "aucune donnée"


def bar_chart(chart_id: str, title: str, items: Sequence[Item], label_width: int = 250,
              width: int = 720) -> Markup:
    """One horizontal bar per item, its value written after it."""
    row, top = 30, 8
    height = top * 2 + row * max(1, len(items))
    scale_width = width - label_width - 110
    largest = max([value for _, value, _ in items] + [0]) or 1
    parts = _open(chart_id, title, describe(items), width, height)
    parts.append(f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" '
                 f'stroke="{GRID}" stroke-width="1"/>')
    for index, (label, value, shown) in enumerate(items):
        y = top + index * row
        length = max(0.0, value) / largest * scale_width
        parts.append(f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end">{escape(label)}</text>')
        if length:
            parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" fill="{BRAND}"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 19}">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(chart_id: str, title: str, items: Sequence[Item], maximum: float = 0,
                 width: int = 720, height: int = 240) -> Markup:
    """One column per item (weeks), its value written above it, its label under it."""
    left, bottom, top = 10, 40, 24
    slot = (width - 2 * left) / max(1, len(items))
    largest = maximum or max([value for _, value, _ in items] + [0]) or 1
    plot = height - bottom - top
    parts = _open(chart_id, title, describe(items), width, height)
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
                 f'stroke="{GRID}" stroke-width="1"/>')
    for index, (label, value, shown) in enumerate(items):
        x = left + index * slot
        bar = max(0.0, value) / largest * plot
        middle = x + slot / 2
        if bar:
            parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{height - bottom - bar:.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{bar:.1f}" fill="{BRAND}"/>')
        parts.append(f'<text x="{middle:.1f}" y="{height - bottom - bar - 6:.1f}" text-anchor="middle" '
                     f'font-size="13">{escape(shown)}</text>')
        parts.append(f'<text x="{middle:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                     f'font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def heat_step(value: int, largest: int) -> int:
    if value <= 0 or largest <= 0:
        return 0
    return min(len(HEAT) - 1, 1 + int((value / largest) * (len(HEAT) - 1) - 1e-9))


def heat_map(chart_id: str, title: str, grid: Sequence[Sequence[int]], row_labels: Sequence[str],
             desc: str) -> Markup:
    """Rows (days) × 24 hours; darker is busier; the count is written in each busy cell."""
    cell_w, cell_h, left, top = 28, 28, 92, 26
    width = left + 24 * cell_w + 10
    height = top + len(grid) * cell_h + 44
    largest = max([max(row) for row in grid] + [0])
    parts = _open(chart_id, title, desc, width, height)
    for hour in range(0, 24, 2):
        parts.append(f'<text x="{left + hour * cell_w + cell_w / 2}" y="{top - 8}" text-anchor="middle" '
                     f'font-size="12">{hour} h</text>')
    for day, row in enumerate(grid):
        y = top + day * cell_h
        parts.append(f'<text x="{left - 8}" y="{y + 19}" text-anchor="end">{escape(row_labels[day])}</text>')
        for hour, value in enumerate(row):
            step = heat_step(value, largest)
            x = left + hour * cell_w
            parts.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{HEAT[step]}" '
                         f'stroke="{GRID}" stroke-width="0.5"/>')
            if value:
                colour = "#ffffff" if step >= 3 else INK
                parts.append(f'<text x="{x + (cell_w - 2) / 2}" y="{y + 18}" text-anchor="middle" font-size="11" '
                             f'fill="{colour}">{value}</text>')
    legend_y = top + len(grid) * cell_h + 14
    parts.append(f'<text x="{left}" y="{legend_y + 14}" font-size="12">moins</text>')
    for index, colour in enumerate(HEAT):
        parts.append(f'<rect x="{left + 48 + index * 24}" y="{legend_y + 2}" width="22" height="16" fill="{colour}" '
                     f'stroke="{GRID}" stroke-width="0.5"/>')
    parts.append(f'<text x="{left + 56 + len(HEAT) * 24}" y="{legend_y + 14}" font-size="12">plus de questions</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
