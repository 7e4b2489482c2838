"""The timeline figure: frameworks and milestones on a time axis, drawn once as a PNG.

Both writers embed the same bytes: WeasyPrint through the ``briefgen:`` image
URL, the Word draft as an inline picture. Markers are lettered (A, B, C) in the order
of the brief's timeline list, which serves as the figure's key, so the figure
never has to fit long headlines and never disagrees with the text.

The PNG is drawn at print resolution (300 dpi at the width of the text block)
and depends only on the brief, so two builds give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .brief import Brief
from .config import DEFAULT_ACCENT, NAVY_TINT, tint
from .model import Framework, Milestone
from .timeline import timeline_events, timeline_key

FILENAME = "timeline.png"
DPI = 300
WIDTH_MM = 170  # the A4 text block in templates/brief.css (210 mm less 2 x 20 mm margins)
SUPERSAMPLE = 2  # draw at twice the size and reduce: smooth circles without a vector library

GOLD = (181, 134, 42)
# the year bands alternate between two pale tints of the accent, as pale as these of the navy
BANDS = (NAVY_TINT, "#d6e0ec")
WHITE = (255, 255, 255)

FONT_DIRS = (Path("/usr/share/fonts/truetype/lato"), Path("/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"regular": ("Lato-Regular.ttf", "DejaVuSans.ttf"), "bold": ("Lato-Bold.ttf", "DejaVuSans-Bold.ttf")}


@dataclass(frozen=True)
class Event:
    number: int  # the entry's place in the timeline list (1, 2...), marked by its letter (timeline.timeline_key)
    when: dt.date
    framework: bool  # a framework signed (or in force), else a milestone


def timeline_events_of(brief: Brief) -> list[Event]:
    """The events of the brief's timeline section, in the order the list prints them."""
    section = next((s for s in brief.sections if s.id == "timeline"), None)
    if section is None or not section.items:
        return []
    dated = {fact.id: (when, fact) for when, fact in timeline_events(brief.factbase)}
    return [Event(n, dated[item.id][0], _marks_a_framework(dated[item.id][1]))
            for n, item in enumerate(section.items, 1)]


def _marks_a_framework(fact) -> bool:
    """A framework, or the milestone that signed or launched one (the timeline lists it once)."""
    return isinstance(fact, Framework) or (isinstance(fact, Milestone) and bool(fact.frameworks))


def timeline_png(brief: Brief) -> bytes | None:
    """The PNG for a brief with a timeline section, or None when it has none."""
    events = timeline_events_of(brief)
    # frameworks, rules and years in the house's accent colour (briefgen.toml), as the text's headings
    accent = getattr(brief.house, "accent", None) or DEFAULT_ACCENT
    return draw(tuple(events), accent) if events else None


def mm(value: float) -> int:
    return round(value * DPI / 25.4 * SUPERSAMPLE)


def pt(value: float) -> int:
    return round(value * DPI / 72 * SUPERSAMPLE)


@lru_cache(maxsize=16)
def font(weight: str, size_pt: float) -> ImageFont.FreeTypeFont:
    """Lato, as in the PDF; DejaVu where Lato is not installed; Pillow's own font as a last resort."""
    for folder, name in zip(FONT_DIRS, FONT_FILES[weight], strict=False):
        path = folder / name
        if path.is_file():
            return ImageFont.truetype(str(path), pt(size_pt), layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(pt(size_pt))


@lru_cache(maxsize=32)  # the PDF and the Word draft of a brief ask for the same figure: draw it once
def draw(events: tuple[Event, ...], accent: str = DEFAULT_ACCENT) -> bytes:
    """The timeline as a PNG; ``accent`` is a "#rrggbb" colour, as briefgen.toml writes it and Pillow reads it."""
    width = mm(WIDTH_MM)
    radius = mm(2.5)
    row_step = mm(6)
    left, right = radius + mm(0.5), width - radius - mm(0.5)
    start, end, step = _axis(min(e.when for e in events).year, max(e.when for e in events).year, right - left)
    span = (end - start).days

    def x_of(when: dt.date) -> int:
        return round(left + (right - left) * (when - start).days / span)

    # Frameworks stand above the year band, milestones below it. An event that
    # would touch an earlier neighbour stacks beyond it, so a cluster reads
    # outward in date order; one on a neighbour's date shares its stem.
    rows: dict[int, int] = {}
    xs: dict[int, int] = {}
    placed: dict[bool, list[tuple[int, int]]] = {True: [], False: []}
    for event in events:
        x = x_of(event.when)
        near = placed[event.framework]
        on_stem = [other for other, _ in near if abs(x - other) < radius + mm(0.7)]
        if on_stem:
            x = on_stem[-1]  # rather than a second stem a hair beside it
        row = 1 + max((r for other, r in near if abs(x - other) < 2 * radius + mm(0.7)), default=-1)
        near.append((x, row))
        rows[event.number] = row
        xs[event.number] = x
    above = 1 + max((rows[e.number] for e in events if e.framework), default=-1)
    below = 1 + max((rows[e.number] for e in events if not e.framework), default=-1)

    # no legend row: the caption under the figure says what squares and circles are (it said it
    # twice, and the row cost the figure the 6 mm by which it missed the end of a page)
    top = mm(1)
    band_h = mm(5)
    stem = mm(2.5)
    band_top = top + (above * row_step + stem if above else mm(1))
    band_bottom = band_top + band_h
    height = band_bottom + (below * row_step + stem if below else mm(1)) + mm(1)

    image = Image.new("RGB", (width, height), WHITE)
    pen = ImageDraw.Draw(image)
    _years(pen, start, end, step, x_of, band_top, band_bottom, width, accent)

    # stems first, so that a stem never crosses a marker drawn before it
    centres: dict[int, tuple[int, int]] = {}
    for event in events:
        x, row = xs[event.number], rows[event.number]
        if event.framework:
            cy = band_top - stem - radius - row * row_step
            pen.line([(x, cy), (x, band_top)], fill=accent, width=mm(0.25))
        else:
            cy = band_bottom + stem + radius + row * row_step
            pen.line([(x, band_bottom), (x, cy)], fill=GOLD, width=mm(0.25))
        centres[event.number] = (x, cy)
    number_font = font("bold", 7)
    for event in events:
        x, cy = centres[event.number]
        _marker(pen, x, cy, radius, event.framework, accent)
        pen.text((x, cy), timeline_key(event.number), font=number_font, fill=WHITE, anchor="mm")

    final = image.resize((width // SUPERSAMPLE, height // SUPERSAMPLE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    final.save(out, format="PNG", dpi=(DPI, DPI), optimize=False)
    return out.getvalue()


def _marker(pen: ImageDraw.ImageDraw, x: int, y: int, r: int, framework: bool,
            accent: str) -> None:
    if framework:
        pen.rounded_rectangle([x - r, y - r, x + r, y + r], radius=r // 3, fill=accent)
    else:
        pen.ellipse([x - r, y - r, x + r, y + r], fill=GOLD)


def _axis(first: int, last: int, length: int) -> tuple[dt.date, dt.date, int]:
    """The axis runs over whole periods of ``step`` years (1, 2, 5, 10...): the
    shortest period whose year label fits in its cell."""
    widest = font("bold", 8).getlength("0000") + mm(2)
    step = 1
    while True:
        start, stop = first - first % step, last - last % step + step
        fits = next((s for s in (1, 2, 5, 10, 25, 50, 100) if s * length / (stop - start) >= widest), 100)
        if fits <= step:
            return dt.date(start, 1, 1), dt.date(stop, 1, 1), step
        step = fits


def _years(pen, start: dt.date, end: dt.date, step: int, x_of, top: int, bottom: int, width: int,
           accent: str) -> None:
    """The band of years: a shaded cell per period, labelled centred (a year) or at its start."""
    label = font("bold", 8)
    fills = [tint(accent, like) for like in BANDS]
    periods = range(start.year, end.year, step)
    middle = (top + bottom) // 2
    for i, year in enumerate(periods):
        x0 = 0 if i == 0 else x_of(dt.date(year, 1, 1))
        x1 = width if i == len(periods) - 1 else x_of(dt.date(year + step, 1, 1))
        pen.rectangle([x0, top, x1, bottom], fill=fills[i % 2])
    for year in periods:
        if step == 1:
            centre = (x_of(dt.date(year, 1, 1)) + x_of(dt.date(year + 1, 1, 1))) // 2
            pen.text((centre, middle), str(year), font=label, fill=accent, anchor="mm")
        else:
            pen.text((x_of(dt.date(year, 1, 1)) + mm(1), middle), str(year), font=label, fill=accent, anchor="lm")
