"""Charts drawn on the server as inline SVG: readable without JavaScript, allowed by the CSP.

Pure: data in, markup out. Colours and sizes are SVG presentation attributes (the CSP forbids
style attributes); the site stylesheet may override them, for example in the dark scheme.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

ROW_HEIGHT = 54  # label line + bar + gap, in px
BAR_HEIGHT = 14
BAR_Y = 27  # where the bar starts inside its row
LABEL_Y = 18  # the label baseline inside its row
FONT_SIZE = 16
MAX_LABEL = 40  # longer topics are shortened with an ellipsis
LABEL_WIDTH = "80%"  # the label is clipped here, so it never runs into the value on a narrow phone

# Light-scheme defaults; app.css sets the dark ones.
FILLS = {"good": "#1b7a48", "part": "#a15c00", "low": "#b3261e", "track": "#e4e8ef"}


def _percent(value: float) -> float:
    """A finite percentage between 0 and 100."""
    number = float(value)
    if math.isnan(number):
        return 0.0
    return min(100.0, max(0.0, number))


def _band(percent: float) -> str:
    """Which colour a bar gets; the number beside it always says the same in text."""
    if percent >= 80:
        return "good"
    if percent >= 50:
        return "part"
    return "low"


def _label(text: str) -> str:
    """The topic as shown in the chart, shortened to fit (the full name stays in the tooltip and the table)."""
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def format_percent(value: float) -> str:
    """75.0 -> '75%', 77.8 -> '77.8%'."""
    return f"{round(_percent(value), 1):g}%"


def _bar_row(top: int, topic: str, percent: float) -> list[str]:
    """One topic's label, value, track and bar, starting `top` pixels down."""
    label = _label(topic)
    tooltip = f"<title>{escape(topic)}</title>" if label != topic else ""
    band = _band(percent)
    parts = [
        '<g class="chart-row">',
        f'<svg class="chart-label-box" x="0" y="{top}" width="{LABEL_WIDTH}" height="{BAR_Y}">'
        f'<text class="chart-label" x="0" y="{LABEL_Y}" fill="currentColor">{tooltip}{escape(label)}</text></svg>',
        f'<text class="chart-value" x="100%" y="{top + LABEL_Y}" text-anchor="end" fill="currentColor"'
        f' font-weight="bold">{escape(format_percent(percent))}</text>',
        f'<rect class="chart-track" x="0" y="{top + BAR_Y}" width="100%" height="{BAR_HEIGHT}" rx="4"'
        f' fill="{FILLS["track"]}"/>',
    ]
    if percent > 0:
        parts.append(
            f'<rect class="chart-bar chart-bar-{band}" x="0" y="{top + BAR_Y}" width="{percent:g}%"'
            f' height="{BAR_HEIGHT}" rx="4" fill="{FILLS[band]}"/>'
        )
    parts.append("</g>")
    return parts


def topic_chart(
    rows: Sequence[tuple[str, float]], *, chart_id: str = "topic-chart", title: str = "Score by topic"
) -> Markup:
    """A horizontal bar chart of the score per topic, as inline SVG with a text alternative.

    `rows` is a list of (topic, percent). The SVG has role="img", a <title> naming it and a
    <desc> listing every value, so a screen reader hears the whole chart. Widths are percentages
    of the container, so the bars fit any screen while the text keeps its size; a label too long for a
    narrow screen is clipped before the value column. Returns an empty
    string when there is nothing to draw.
    """
    if not rows:
        return Markup("")
    ident = escape(chart_id)
    summary = "; ".join(f"{topic}: {format_percent(value)}" for topic, value in rows)
    height = ROW_HEIGHT * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="topic-chart" role="img" width="100%" height="{height}"'
        f' aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" font-size="{FONT_SIZE}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(summary)}.</desc>',
    ]
    for index, (topic, value) in enumerate(rows):
        parts += _bar_row(index * ROW_HEIGHT, topic, _percent(value))
    parts.append("</svg>")
    return Markup("".join(parts))
