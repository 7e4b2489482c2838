"""Brief -> one semantic HTML document, through the Jinja templates.

This HTML is the single document both writers consume: WeasyPrint lays it out
for the PDF, and the DOCX writer walks the same tree. Its vocabulary of tags
and classes is closed (see DOCX_STYLES in render/docx.py) so neither writer
meets anything the other does not know.

Templates run sandboxed with autoescaping and StrictUndefined: fact text is
data, so markup or template syntax in it is printed, never interpreted.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import BriefgenError
from ..load import display_name
from ..select import Brief, format_date

TEMPLATE = "brief.html.j2"


class ConfinedLoader(jinja2.FileSystemLoader):
    """FileSystemLoader refuses "../" in a template name but follows symlinks;
    this also refuses a template whose real path is outside the folder, before
    reading it."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file() and not path.resolve().is_relative_to(Path(folder).resolve()):
                raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


@lru_cache(maxsize=8)
def environment(templates: Path) -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["longdate"] = format_date
    return env


def render_html(brief: Brief, templates: Path) -> str:
    env = environment(templates)
    try:
        return env.get_template(TEMPLATE).render(brief=brief, meta=brief.factbase.meta,
                                                 audience=brief.audience)
    except jinja2.TemplateSyntaxError as exc:
        raise BriefgenError.single(display_name(Path(exc.filename or templates / TEMPLATE)),
                                   f"template error: {exc.message}", exc.lineno or 1) from None
    except jinja2.TemplateError as exc:
        file, line = _template_position(exc, templates)
        message = str(exc)
        if isinstance(exc, jinja2.TemplateNotFound):  # FileSystemLoader also refuses "../" here
            message = (f"template '{exc.name}' not found: templates may use only files "
                       f"inside {display_name(templates)}")
        raise BriefgenError.single(display_name(Path(file)), f"template error: {message}", line) from None


def _template_position(exc: Exception, templates: Path) -> tuple[str, int]:
    """The innermost template frame of a runtime error (Jinja maps it to template lines)."""
    tb = exc.__traceback__
    found = (str(templates / TEMPLATE), 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(templates)):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
