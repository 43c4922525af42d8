"""Geometry of the dashboard's SVG charts; templates draw it, so no markup here."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    """One rectangle with its value, label and text anchors (SVG user units)."""

    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    cls: str = "bar"
    value_x: float = 0
    value_y: float = 0


@dataclass(frozen=True, slots=True)
class Tick:
    """A horizontal or vertical gridline with its value."""

    position: float
    value: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: size, accessible title and summary, bars, ticks and row labels."""

    width: int
    height: int
    title: str
    summary: str
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[Bar]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


MANTISSAS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_max(value: int, steps: int = 4) -> int:
    """Round a maximum up so that `steps` gridlines fall on round whole numbers."""
    if value <= steps:
        return steps
    need = value / steps
    magnitude = 10 ** (len(str(math.ceil(need))) - 1)
    step = next(
        int(m * magnitude)
        for m in MANTISSAS
        if m * magnitude >= need and float(m * magnitude).is_integer()
    )
    return step * steps


def _ticks(top: int, steps: int = 4) -> list[int]:
    return [top * k // steps for k in range(steps + 1)]


def column_chart(
    series: Sequence[tuple[str, int]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
) -> Chart:
    """Vertical bars, one per (label, value), on a zero baseline with gridlines."""
    left, right, top, bottom = 36.0, width - 8.0, 24.0, height - 36.0
    scale_top = nice_max(max((v for _, v in series), default=0))
    slot = (right - left) / max(len(series), 1)
    bars, labels = [], []
    for i, (label, value) in enumerate(series):
        h = (bottom - top) * value / scale_top
        x = left + i * slot + slot * 0.15
        w = slot * 0.7
        bars.append(
            Bar(
                x,
                bottom - h,
                w,
                h,
                value,
                label,
                value_x=x + w / 2,
                value_y=bottom - h - 5,
            )
        )
        labels.append(Bar(x + w / 2, bottom + 18, 0, 0, value, label, "axis-label"))
    ticks = [
        Tick(bottom - (bottom - top) * v / scale_top, v) for v in _ticks(scale_top)
    ]
    summary = "; ".join(f"{label}: {value}" for label, value in series)
    return Chart(
        width, height, title, summary, bars, ticks, labels, left, right, top, bottom
    )


def paired_bar_chart(
    rows: Sequence[tuple[str, int, int]],
    *,
    title: str,
    names: tuple[str, str] = ("wanted", "offered"),
    width: int = 640,
    label_width: int = 230,
) -> Chart:
    """Two horizontal bars per row (e.g. wanted against offered) sharing one scale."""
    row_height, bar_height, top = 30.0, 11.0, 28.0
    height = int(top + row_height * max(len(rows), 1) + 28)
    left, right, bottom = float(label_width), width - 40.0, height - 22.0
    scale_top = nice_max(max((max(a, b) for _, a, b in rows), default=0))
    bars, labels = [], []
    for i, (name, first, second) in enumerate(rows):
        y = top + i * row_height + 3
        for j, value in enumerate((first, second)):
            w = (right - left) * value / scale_top
            by = y + j * (bar_height + 1)
            bars.append(
                Bar(
                    left,
                    by,
                    w,
                    bar_height,
                    value,
                    f"{name}: {names[j]}",
                    f"bar bar-{names[j]}",
                    left + w + 4,
                    by + bar_height - 2,
                )
            )
        labels.append(Bar(left - 8, y + bar_height + 4, 0, 0, 0, name, "row-label"))
    ticks = [Tick(left + (right - left) * v / scale_top, v) for v in _ticks(scale_top)]
    summary = "; ".join(
        f"{name}: {a} {names[0]}, {b} {names[1]}" for name, a, b in rows
    )
    return Chart(
        width, height, title, summary, bars, ticks, labels, left, right, top, bottom
    )
