"""briefgen.toml: what makes a folder a project, and the house identity it carries.

The organisation's name, series, authors, logo, accent colour and typeface are
the same for every brief a team writes, so they live once in the project's
configuration, not in each fact base or in an edited template. A fact base may
still name its own organisation, series or authors in ``meta``; those win for
that fact base.
"""
from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .defaults import CONFIG
from .errors import BriefgenError, Problem
from .fields import OneLine
from .housemarks import Markings, marking_problems
from .load import display_name, format_path
from .logofile import unreadable_logo
from .palette import PALETTE

DEFAULT_ACCENT = PALETTE["accent"]  # the navy of templates/brief.css
# the navy's pale tint (the takeaways' box) and dark shade (the title, sub-headings):
# any other accent gets its own, as pale and as dark (tint)
NAVY_TINT = PALETTE["accent-tint"]
NAVY_SHADE = PALETTE["accent-dark"]
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
REFERENCE_SUFFIXES = (".docx", ".dotx")
# a short name longer than this would wrap in the page footer, which is what it is there to prevent
SHORT_NAME_MAX = 60


class House(BaseModel):
    """The house identity every brief of the project carries."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # as Strict

    organisation: OneLine | None = None
    """The organisation's name: the masthead of page 1, the document properties, and the footer of every page
    unless short_name is set."""
    short_name: OneLine | None = None
    """A short form of the organisation's name (up to 60 characters) for tight places: every page's footer."""
    series: OneLine | None = None
    """The publication series, printed whole after the organisation, on page 1 and in every page's footer."""
    authors: list[OneLine] = []
    """Authors named in the byline when a fact base names none."""
    press_contact: OneLine | None = None
    """Who answers journalists' questions (a name, a desk, an address), on page 1 of a brief whose profile says contact: true."""  # noqa: E501
    accent: str = DEFAULT_ACCENT
    """Accent colour of rules, headings and callouts, as #rrggbb."""
    logo: str | None = None
    """An SVG, PNG or JPEG file in the project, printed in the PDF masthead and the Word header."""
    typeface: str | None = None
    """The font family of the text: an installed family, or the family of font_files."""
    font_files: list[str] = []
    """Font files in the project (TTF, OTF, WOFF) of the typeface, embedded in every PDF."""
    creator: OneLine | None = None
    """The program the PDF's Creator and the Word draft's Application name (default: briefgen)."""
    reference_docx: str | None = None
    """The organisation's Word template (.docx or .dotx) in the project: the Word drafts take its styles, page
    setup, header and footer (briefgen build --reference-docx overrides it)."""

    @field_validator("typeface")
    @classmethod
    def _family(cls, value: str | None) -> str | None:
        # it is written into the stylesheet: a family name, nothing that could end the rule
        if value is not None and not re.fullmatch(r"[\w][\w .-]*", value):
            raise ValueError(f"expected a font family name (letters, digits, spaces, . and -), got {value!r}")
        return value

    @field_validator("short_name")
    @classmethod
    def _short(cls, value: str | None) -> str | None:
        # printed on one line of the footer's 66 mm box, beside the series (OneLine refused a line break)
        if value is not None and (not value.strip() or len(value) > SHORT_NAME_MAX):
            raise ValueError(f"expected 1 to {SHORT_NAME_MAX} characters, got {value!r}")
        return value

    @field_validator("creator")
    @classmethod
    def _creator(cls, value: str | None) -> str | None:
        # a document property as File > Properties shows it (OneLine refused a line break)
        if value is not None and (not value.strip() or len(value) > 100):
            raise ValueError(f"expected 1 to 100 characters, got {value!r}")
        return value

    @field_validator("accent")
    @classmethod
    def _colour(cls, value: str) -> str:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            raise ValueError(f"expected a colour as #rrggbb, got {value!r}")
        return value.lower()


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # as Strict

    house: House = Field(default_factory=House)
    """The organisation's identity on every brief."""
    markings: Markings = Field(default_factory=Markings)
    """The house's marking scheme and each audience's levels in it."""


def read_config(root: Path) -> Config:
    """The project's configuration; BriefgenError naming the file and line on bad input."""
    from .tomlread import example, parse_toml
    from .validate import control_characters, schema_problems

    path = root / CONFIG
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefgenError.single(name, f"cannot read: {exc}") from None
    doc = parse_toml(text, name)
    # every text printed or written as a document property (organisation, series, creator, authors,
    # markings...): a character a Word document cannot hold is refused at its line, as in a fact base
    if bad := list(control_characters(doc, doc.data, ())):
        raise BriefgenError(bad)
    try:
        config = Config.model_validate(doc.data)
    except ValidationError as exc:
        # a list given as one text: say how TOML writes the list
        lists = {format_path(tuple(err["loc"])): example(str(err["loc"][-1]), err["input"])
                 for err in exc.errors() if err["type"] == "list_type" and isinstance(err["input"], str)}
        raise BriefgenError([replace(p, message=f"{p.message}; write {lists[p.path]}") if p.path in lists else p
                             for p in schema_problems(doc, Config, exc.errors(), set())]) from None

    def _line_of(key: str) -> int:
        return doc.mark(("house", key))[0]

    config.markings._doc = doc  # its lines: a problem found later, with a profile, is placed there
    problems = marking_problems(config.markings, doc)
    house = config.house
    # 'is not None': an empty name ("") is a mistake to tell, not a file left out (it names the project folder)
    files = ([("logo", house.logo, LOGO_SUFFIXES)] if house.logo is not None else []) + \
        [(f"font_files[{i}]", f, FONT_SUFFIXES) for i, f in enumerate(house.font_files)] + \
        ([("reference_docx", house.reference_docx, REFERENCE_SUFFIXES)] if house.reference_docx is not None else [])
    for key, value, suffixes in files:
        where = (root / value).resolve()
        line = _line_of(key.split("[")[0])
        if not value.strip():
            problems.append(Problem(name, line, 1, f"house.{key}", "is empty: name a file in the project, or leave "
                                    "the key out"))
        elif not where.is_relative_to(root.resolve()):
            problems.append(Problem(name, line, 1, f"house.{key}", f"{value} is outside the project"))
        elif not where.is_file():
            problems.append(Problem(name, line, 1, f"house.{key}", f"no such file: {value}"))
        elif where.suffix.lower() not in suffixes:
            problems.append(Problem(name, line, 1, f"house.{key}",
                                    f"{value}: expected a {' or '.join(s[1:].upper() for s in suffixes)} file"))
        elif key == "logo" and (why := unreadable_logo(where)):
            problems.append(Problem(name, line, 1, "house.logo", f"cannot read {value}: {why}"))
    if house.short_name and not house.organisation:
        problems.append(Problem(name, _line_of("short_name"), 1, "house.short_name",
                                "a short form of organisation, which is not set (organisation = \"...\")"))
    if house.font_files and not house.typeface:
        problems.append(Problem(name, _line_of("font_files"), 1, "house.typeface",
                                "font_files need the typeface's family name (typeface = \"...\")"))
    if problems:
        raise BriefgenError(problems)
    return config


@dataclass(frozen=True)
class FontFile:
    """One embedded font file, as an @font-face rule names it."""

    name: str  # served to WeasyPrint as briefgen:NAME
    family: str
    weight: int
    style: str  # normal | italic


@dataclass(frozen=True)
class Identity:
    """What one brief prints of its house: the project's identity, with what
    the fact base's meta names for itself taking precedence."""

    organisation: str
    series: str | None
    authors: tuple[str, ...]
    short_name: OneLine | None = None  # the organisation's, for the footer
    press_contact: str | None = None  # printed by a profile with contact: true (the press brief)
    accent: str = DEFAULT_ACCENT
    logo: str | None = None  # the in-memory name the templates use: briefgen:logo.svg
    typeface: str | None = None
    fonts: tuple[FontFile, ...] = ()
    creator: str = "briefgen"  # the PDF's Creator and the Word draft's Application

    @classmethod
    def of_factbase(cls, meta) -> Identity:
        """A brief made without a project prints what its fact base names."""
        return cls(meta.organisation or "", meta.series, tuple(meta.authors))

    @property
    def footer_name(self) -> str:
        """The organisation as every page's footer prints it: its short form, where the house gives one."""
        return self.short_name or self.organisation

    @property
    def accent_tint(self) -> str:
        """Behind the takeaways."""
        return tint(self.accent)

    @property
    def accent_dark(self) -> str:
        """The title, sub-headings and lead-ins: a dark shade of the accent."""
        return tint(self.accent, NAVY_SHADE)


def tint(accent: str, like: str = NAVY_TINT) -> str:
    """A tint or shade of the accent, for the takeaways' box and the title (PDF and Word)
    and the timeline's year bands: the accent's hue at the lightness and saturation of
    ``like``, a tint or shade of the default navy, so any accent gets them as pale or as
    dark as the default's; a grey accent gets grey ones."""
    import colorsys

    def hls(colour: str) -> tuple[float, float, float]:
        return colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))

    hue, _, saturation = hls(accent)
    _, light, pale = hls(like)
    return "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(hue, light, pale if saturation else 0))


def font_face(path: Path, family: str) -> FontFile:
    """Weight and style of a font file, from its OS/2 table (fontTools)."""
    from fontTools.ttLib import TTFont

    weight, style = 400, "normal"
    try:
        font = TTFont(str(path), lazy=True, fontNumber=0)
        os2 = font["OS/2"] if "OS/2" in font else None
        if os2 is not None:
            weight = int(os2.usWeightClass) or 400
            style = "italic" if os2.fsSelection & 1 else "normal"
    except Exception:  # noqa: BLE001 - an unreadable font still gets a rule; WeasyPrint says more
        pass
    return FontFile(f"fonts/{path.name}", family, weight, style)


def identity(root: Path | None, house: House, meta) -> tuple[Identity, dict[str, bytes]]:
    """The brief's identity and the files it serves from memory (logo, fonts)."""
    assets: dict[str, bytes] = {}
    logo = None
    if house.logo and root is not None:
        path = root / house.logo
        logo = "logo" + path.suffix.lower()
        assets[logo] = path.read_bytes()
    fonts = []
    for name in house.font_files if root is not None else ():
        face = font_face(root / name, house.typeface)
        assets[face.name] = (root / name).read_bytes()
        fonts.append(face)
    # the house's short form names the house's organisation, not another a fact base names for itself
    own = not meta.organisation or meta.organisation == house.organisation
    return Identity(
        organisation=meta.organisation or house.organisation or "",
        short_name=house.short_name if own else None,
        press_contact=meta.press_contact or (house.press_contact if own else None),
        series=meta.series or house.series,
        authors=tuple(meta.authors or house.authors),
        accent=house.accent, logo=logo, typeface=house.typeface, fonts=tuple(fonts),
        creator=house.creator or "briefgen"), assets


mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")
