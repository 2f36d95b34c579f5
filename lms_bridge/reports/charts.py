"""Inline SVG charts for the HTML report: no script, no CDN, readable when printed.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>`` (the desc
states the numbers, so a screen reader gets the data, not just "chart"); every label is
escaped. Colours keep at least 4.5:1 contrast with white for text and 3:1 for bars. Titles
come translated from the caller; the descriptions and "n/a" follow ``t``, the report's language.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

from lms_bridge.reports.language import Labels

BAR = "#1f4e79"
TEXT = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
FUNNEL = ("#1f4e79", "#2e75b6", "#2f7d32")
FONT = "font-family=\"inherit\" font-size=\"12\""

_ids = itertools.count(1)


def _open(width: int, height: int, title: str, desc: str) -> str:
    n = next(_ids)
    return (f'<svg viewBox="0 0 {width} {height}" '
            f'width="100%" style="max-width:{width}px;height:auto" role="img" '
            f'aria-labelledby="chart{n}-title chart{n}-desc" '
            f'class="chart"><title id="chart{n}-title">{escape(title)}</title>'
            f'<desc id="chart{n}-desc">{escape(desc)}</desc>')


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def rate_bars(title: str, items: Sequence[tuple[str, float | None, int]],
              t: Labels) -> Markup:
    """Horizontal bars of a rate (0..1) per label; ``items`` are (label, rate, learners)."""
    if not items:
        return Markup("")
    label_w, bar_w, row_h = 210, 330, 26
    width, height = label_w + bar_w + 90, 30 + row_h * len(items)
    desc = "; ".join(t("chart_rate_item", label=label, rate=t.percent(rate), count=count)
                     for label, rate, count in items)
    parts = [_open(width, height, title, desc)]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_w + bar_w * tick
        parts.append(f'<line x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="{height - 18}" '
                     f'stroke="{GRID}" stroke-width="1"/>'
                     f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="{MUTED}" '
                     f'{FONT}>{int(tick * 100)}%</text>')
    for index, (label, rate, count) in enumerate(items):
        y = 10 + index * row_h
        length = bar_w * (rate or 0)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" fill="{TEXT}" {FONT}>'
            f'{escape(_truncate(label, 30))}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="{row_h - 8}" '
            f'fill="{BAR}" rx="2"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 14}" fill="{TEXT}" {FONT}>'
            f'{t.percent(rate)} <tspan fill="{MUTED}">(n={count})</tspan></text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def funnel(title: str, stages: Sequence[tuple[str, int]], t: Labels) -> Markup:
    """Centred bars narrowing from enrolled to completed, with counts and shares."""
    if not stages:
        return Markup("")
    width, row_h, top = 560, 46, 8
    height = top * 2 + row_h * len(stages)
    first = stages[0][1] or 1
    desc = "; ".join(f"{label}: {count} ({t.percent(count / first)})" for label, count in stages)
    parts = [_open(width, height, title, desc)]
    for index, (label, count) in enumerate(stages):
        share = count / first
        bar = max(340 * share, 2)
        x = (width - bar) / 2
        y = top + index * row_h
        colour = FUNNEL[index % len(FUNNEL)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{bar:.1f}" height="{row_h - 10}" '
            f'fill="{colour}" rx="3"/>'
            f'<text x="{width / 2}" y="{y + 23}" text-anchor="middle" fill="#ffffff" '
            f'font-weight="bold" {FONT}>{count}</text>'
            f'<text x="8" y="{y + 23}" fill="{TEXT}" {FONT}>{escape(label)}</text>'
            f'<text x="{width - 8}" y="{y + 23}" text-anchor="end" fill="{MUTED}" {FONT}>'
            f'{t.percent(share)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def month_columns(title: str, months: Sequence[tuple[str, int]],
                  t: Labels) -> Markup:
    """Vertical bars of completions per month (``YYYY-MM``, shown as ``t.month`` writes it)."""
    if not months:
        return Markup("")
    width, height, left, bottom, top = 560, 220, 36, 30, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(count for _month, count in months) or 1
    slot = plot_w / len(months)
    desc = "; ".join(t("chart_month_item", month=t.month(month), count=count)
                     for month, count in months)
    parts = [_open(width, height, title, desc)]
    for tick in _ticks(peak):
        y = top + plot_h - plot_h * tick / peak
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
                     f'stroke="{GRID}"/><text x="{left - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end" fill="{MUTED}" {FONT}>{tick}</text>')
    step = max(1, len(months) // 12)
    for index, (month, count) in enumerate(months):
        bar_h = plot_h * count / peak
        x = left + index * slot + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" '
                     f'width="{slot * 0.7:.1f}" height="{bar_h:.1f}" fill="{BAR}" rx="2"/>')
        if count and slot >= 22:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h - bar_h - 4:.1f}" '
                         f'text-anchor="middle" fill="{TEXT}" {FONT}>{count}</text>')
        if index % step == 0:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - 10}" '
                         f'text-anchor="middle" fill="{MUTED}" {FONT}>'
                         f'{escape(t.month(month))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(peak: int) -> list[int]:
    step = max(1, round(peak / 4))
    return list(range(0, peak + 1, step))
