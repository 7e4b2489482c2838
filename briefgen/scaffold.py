"""`briefgen new DIR`: a project folder that builds as it is.

It writes the configuration (briefgen.toml: the house identity), an example
fact base that validates and builds with the default profiles, the JSON
Schemas an editor checks the YAML against, and a .gitignore for the built
briefs. It never overwrites a file: a folder that is already a project, or
holds a file of the same name, is refused before anything is written.
"""
from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

from .config import CONFIG, DEFAULT_ACCENT
from .errors import BriefgenError
from .fsio import write_atomic
from .load import display_name
from .schema import FACTBASE_SCHEMA, schemas

SCHEMAS = "schemas"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def config_text(organisation: str, authors: list[str]) -> str:
    author_list = ", ".join(_toml_string(a) for a in authors)
    return f"""# briefgen project: this file makes the folder a project. briefgen finds it
# from the current folder upward (or use --project DIR).
#
# Fact bases:  seeds/*.yaml, one topic each (see seeds/example.yaml)
# Briefs:      briefs/{{factbase}}-{{audience}}.pdf and .docx (briefgen build)
# Your own:    templates/ and audiences/ replace briefgen's files of the same
#              name; a new profile in audiences/ adds an audience
#              ('briefgen audiences' lists them)
#              templates/extra.css: CSS rules the PDF reads after briefgen's
#              brief.css, to restyle one thing (h2 {{ color: #8b1e3f; }})

[markings]
# The organisation's handling markings, lowest first, for every fact base (default: TLP 2.0,
# TLP:CLEAR < TLP:GREEN < TLP:AMBER < TLP:AMBER+STRICT < TLP:RED). With a scheme of your own,
# name each audience's levels in it below too. A fact base's meta.marking_scheme, or a profile
# of your own in audiences/, still names its own.
# scheme = ["PUBLIC", "LIMITED", "CONFIDENTIAL", "RESTRICTED"]
# The widest reach each marking may travel to, checked against each profile's reach
# (public, community, clients, organisation, named; TLP's is built in)
# reach = {{ PUBLIC = "public", LIMITED = "community", CONFIDENTIAL = "organisation", RESTRICTED = "named" }}

# The highest marking each audience's briefs may carry
# [markings.release]
# analyst = "CONFIDENTIAL"
# business = "LIMITED"
# policymaker = "RESTRICTED"
# press = "PUBLIC"
# security = "LIMITED"

# The least each audience's briefs are marked, whatever they hold
# [markings.marked_at_least]
# business = "LIMITED"
# policymaker = "RESTRICTED"
# security = "LIMITED"

[house]
# The organisation's name: page 1's masthead, the Word draft's properties, and every page's footer
organisation = {_toml_string(organisation)}
# A short form (up to 60 characters) the footer prints instead: for a name that takes
# more than two lines of the footer (over about 100 characters)
# short_name = "Policy Unit"
# The publication series, printed after the organisation on page 1 and in the footer
# series = "Policy Briefs"
# Byline authors for fact bases that name none in meta.authors
authors = [{author_list}]
# Colour of rules, headings and callouts, as #rrggbb
accent = "{DEFAULT_ACCENT}"
# An SVG, PNG or JPEG in this folder: the PDF masthead and the Word header
# logo = "logo.svg"
# The typeface: an installed font family, or one given as font files in this
# folder, which every PDF embeds
# typeface = "Source Serif 4"
# font_files = ["fonts/SourceSerif4-Regular.otf", "fonts/SourceSerif4-Bold.otf"]
# Your organisation's Word template (.docx or .dotx) in this folder: the Word drafts take
# its styles, page setup, header and footer (briefgen build --reference-docx overrides it)
# reference_docx = "house.docx"
# The program named as having made the PDFs (Creator) and the Word drafts (Application)
# creator = "Policy Unit publishing"
"""


def scaffold(directory: Path, organisation: str | None = None, authors: list[str] | None = None) -> list[Path]:
    """Write a new project into ``directory``; returns the files written."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise BriefgenError.single(display_name(directory), "is a file, not a folder")
    organisation = organisation or default_organisation(directory)
    example = files("briefgen.defaults").joinpath("example.yaml").read_text(encoding="utf-8")
    planned: dict[Path, str] = {
        directory / CONFIG: config_text(organisation, authors or []),
        directory / "seeds" / "example.yaml":
            f"# yaml-language-server: $schema=../{SCHEMAS}/{FACTBASE_SCHEMA}\n" + example,
        directory / ".gitignore": "# built briefs and the build's cache: made again by 'briefgen build'\nbriefs/\n",
    }
    for name, schema in schemas().items():
        planned[directory / SCHEMAS / name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    taken = [p for p in planned if p.exists()]
    if taken:
        what = "already a briefgen project" if (directory / CONFIG) in taken else "would overwrite"
        raise BriefgenError.single(display_name(taken[0]), f"{what}: briefgen new writes only new files")
    for path, text in planned.items():
        write_atomic(path, text.encode("utf-8"))
    return list(planned)


def default_organisation_note(directory: Path) -> str:
    """What `briefgen new` says when it named the organisation after the folder: every masthead
    and footer prints it, so the user is told, and where to change it."""
    return (f"note: the organisation is '{default_organisation(directory)}', the folder's name, on every brief's "
            f"masthead and footer; change it in {Path(directory) / CONFIG} (organisation = \"...\" under [house])")


def default_organisation(directory: Path) -> str:
    """A readable default organisation name from the folder's name ("policy-unit" -> "Policy unit")."""
    words = re.sub(r"[-_]+", " ", directory.resolve().name).strip()
    return (words[:1].upper() + words[1:]) if words else "briefgen project"
