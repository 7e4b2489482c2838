"""Brief -> one semantic HTML document, through the Jinja templates.

This HTML is the single document both writers consume: WeasyPrint lays it out
for the PDF, and the Word writer walks the same tree. Its vocabulary of tags
and classes is closed and declared in render/vocabulary.py, so neither writer
meets anything the other does not know.

Templates run sandboxed with autoescaping and StrictUndefined: fact text is
data, so markup or template syntax in it is printed, never interpreted.
"""
from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from ..brief import Brief
from ..defaults import Folders, layered, search_path
from ..errors import BriefgenError, Problem
from ..glyphs import CJK_DEFAULT, CJK_FONTS, cjk_language
from ..labels import title_in_sentence, word
from ..load import display_name
from .abbreviations import FirstUse, pairs
from .dates import date_text, gives_date
from .quotes import curl
from .sandbox import BriefSandbox
from .unbroken import dates_unbroken, last_words_together

TEMPLATE = "brief.html.j2"

# A user's template is code: bound what it may cost. The seed's largest brief
# renders to about 0.2 MB of HTML in about 0.05 s.
MAX_HTML_CHARS = 10_000_000
MAX_RENDER_SECONDS = 30  # what one operation may build is capped in the sandbox (render/sandbox.py)


class _TooSlow(Exception):
    pass


class _TooLong(Exception):
    pass


def _bounded(chunks) -> str:
    """The rendered chunks joined, refused once they pass MAX_HTML_CHARS."""
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_HTML_CHARS:
            raise _TooLong()
        out.append(chunk)
    return "".join(out)


@contextmanager
def _time_limit(seconds: int):
    """Interrupt a render that runs too long (a template looping 10^10 times).
    Signals reach only the main thread; elsewhere (a library caller's thread)
    the render runs unbounded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class ConfinedLoader(jinja2.FileSystemLoader):
    """FileSystemLoader refuses "../" in a template name but follows symlinks;
    this also refuses a template whose real path is outside its folder, before
    reading it. Its folders are searched in order: a project's own template
    replaces briefgen's of the same name."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file() and not path.resolve().is_relative_to(Path(folder).resolve()):
                raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


class _Compiled(jinja2.BytecodeCache):
    """The templates as Jinja compiled them, in memory. The build compiles every template
    once to check it (check_templates) and hands the code to its workers (task.Task), so
    no worker compiles them again (about 45 ms of each worker's first brief). Jinja uses
    a code only while it was compiled from the source the loader reads now (a checksum)."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def compiled_templates() -> dict[str, bytes]:
    """The code of every template compiled in this process, for use_compiled in another."""
    return dict(_COMPILED.codes)


def use_compiled(codes: dict[str, bytes]) -> None:
    _COMPILED.codes.update(codes)


def environment(templates: Folders) -> jinja2.Environment:
    return _environment(search_path(templates))


@lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    env = BriefSandbox(
        loader=ConfinedLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
        finalize=typeset,  # every printed text's quotes set as an editor sets them
    )
    env.filters.update(date_text=_in_language(date_text), gives_date=_in_language(gives_date),
                       longdate=_in_language(lambda date, language: dates_unbroken(date_text(date, language))),
                       url_pieces=url_pieces, marking_class=marking_class, printed=printed,
                       dates_unbroken=_in_language(dates_unbroken), last_words=_last_words, column_start=column_start,
                       word=jinja2.pass_context(lambda context, key, **values: word(  # values set as printed
                           key, _language(context), **{name: typeset(context, v) for name, v in values.items()})),
                       cjk_font=lambda tag: CJK_FONTS[cjk_language(tag) or CJK_DEFAULT],
                       in_sentence=title_in_sentence)
    return env


def _language(context) -> str | None:
    return getattr(context.get("meta"), "language", None)


def _in_language(worded):  # a filter given the brief's language after its arguments: a date is worded in it
    return jinja2.pass_context(lambda context, *args: worded(*args, _language(context)))


def _curled(context, text: str) -> str:
    """``curl`` in the brief's language, looked up only for a text with a straight quote (most have none)."""
    return curl(text, _language(context)) if "'" in text or '"' in text else text


@jinja2.pass_context
def typeset(context, value):
    """Every printed value (Jinja's finalize) as an editor sets it: a text's straight quotes become typographic
    ones in the fact base's language (render/quotes.py) before autoescape; markup (set where it was made) and
    a value that is not text (a URL: ``|e``) print as they are. A mapping is refused, at its template line."""
    if isinstance(value, dict):  # text per language reaches a template in the brief's language only (texts.py)
        raise jinja2.TemplateRuntimeError(f"printed a mapping where text belongs: {str(value)[:80]}")
    return _curled(context, value) if isinstance(value, str) and not isinstance(value, markupsafe.Markup) else value


def url_pieces(url: str) -> list[str]:
    """A URL cut after each run of "/" or ".", the only places it may break (the
    template puts <wbr> between the pieces). A hyphen is followed by U+2060 WORD
    JOINER, which forbids the break after it that line breaking would otherwise
    allow ("legal-|content"); the joiner draws nothing and extracts as nothing."""
    # escaped here, as Markup: a URL's quotes are the URL's, never set as typographic ones
    return [markupsafe.escape(p.replace("-", "-\u2060")) for p in re.findall(r"[^/.]*[/.]*", url) if p]


# a text (set as every printed text is: typeset) whose box never ends on a line of one word
_last_words = jinja2.pass_context(lambda context, text: last_words_together(markupsafe.escape(typeset(context, text))))


@jinja2.pass_context
def printed(context, text, verbatim=False):
    """A statement's text as the brief prints it: its quotes set (render/quotes.py, on the whole
    text, which tells an opening quote from a closing one), each abbreviation written out where
    this rendering first uses it (not in a ``verbatim`` text, a quotation), marked for the Word writer
    (render/abbreviations.py), and each date on one line. Every piece is escaped: text stays text."""
    if not isinstance(text, str):
        return dates_unbroken(text)
    if not isinstance(text, markupsafe.Markup):
        text = _curled(context, text)
    pieces = context["first_use"].split(text, verbatim=bool(verbatim))
    if len(pieces) == 1 and pieces[0][1] is None:  # most statements: no abbreviation written out
        return dates_unbroken(pieces[0][0])
    return markupsafe.Markup("").join(
        dates_unbroken(piece) if short is None else
        markupsafe.Markup('<span class="expansion" data-short="{}">{}</span>').format(short, dates_unbroken(piece))
        for piece, short in pieces)


def column_start(levels: list[int]) -> int:
    """The contents entry opening the second column, from the entries' levels (1 a section, 2 an area): where
    WeasyPrint balances two columns of one-line entries (the lowest that hold all, broken where brief.css lets
    them), so that the marked break spares WeasyPrint 70 a dozen trial layouts of the contents per page 1."""
    def ends_list(i: int) -> bool:  # no later item at its level before its list ends
        return next((lv for lv in levels[i + 1:] if lv <= levels[i]), None) != levels[i]
    def avoided(k: int) -> bool:  # before entry k: k's own item, and each item that ends there
        ending = [max((j for j in range(k) if levels[j] == lv), default=k - 1)
                  for lv in range(levels[k], levels[k - 1] + 1)]
        return (levels[k] > levels[k - 1] or ends_list(k)
                or any((j == 0 or levels[j - 1] < levels[j]) and not ends_list(j) for j in ending))

    for height in range((len(levels) + 1) // 2, len(levels)):
        start = next((k for k in range(height, 0, -1) if not avoided(k)), None)
        if start is not None and len(levels) - start <= height:
            return start
    return len(levels)  # one column


def marking_class(marking: str) -> str:
    """"TLP:AMBER+STRICT" -> "tlp-amber-strict": the class that colours the label."""
    return re.sub(r"[^a-z0-9]+", "-", marking.lower()).strip("-")


def check_templates(templates: Folders) -> list[Problem]:
    """Syntax errors in every template of the folders, found before any brief is
    rendered (a template only one audience includes would otherwise fail late)."""
    env = environment(templates)
    problems = []
    for name, path in layered(templates, "**/*.j2").items():
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(display_name(path), exc.lineno or 1, 1, "", f"template error: {exc.message}"))
        except (jinja2.TemplateNotFound, UnicodeDecodeError) as exc:
            problems.append(Problem(display_name(path), 1, 1, "", f"template error: cannot read: {exc}"))
    return problems


def render_html(brief: Brief, templates: Folders) -> str:
    from ..config import Identity

    templates = search_path(templates)
    env = environment(templates)
    language = brief.factbase.meta.language
    # set as the statements are (``printed`` sets a text's quotes before it looks for them)
    entries = [(curl(short, language), curl(long, language))
               for short, long in pairs(brief.factbase.abbreviations, language)]

    def rendered(first_use: FirstUse) -> str:
        return _bounded(env.get_template(TEMPLATE).generate(
            brief=brief, meta=brief.factbase.meta, audience=brief.audience,
            house=brief.house or Identity.of_factbase(brief.factbase.meta), first_use=first_use))

    try:
        with _time_limit(MAX_RENDER_SECONDS):
            # one FirstUse per rendering: the first use is the first in this document's reading
            # order. Whether a use is the only one is known once the brief is read to its end, so
            # a brief that mentions an abbreviation once is rendered again, writing it out bare.
            first = FirstUse(entries, language=language)
            html = rendered(first)
            once = first.mentioned_once()
            return rendered(FirstUse(entries, once, language)) if once else html
    except (_TooSlow, RecursionError, MemoryError, _TooLong) as exc:
        file, line = _template_position(exc, templates)
        why = {_TooSlow: f"rendering took more than {MAX_RENDER_SECONDS} s; refused",
               RecursionError: "recursion too deep (a macro calling itself?)",
               MemoryError: "out of memory",
               _TooLong: f"output longer than {MAX_HTML_CHARS:,} characters; refused"}[type(exc)]
        raise BriefgenError.single(display_name(Path(file)), f"template error: {why}", line) from None
    except jinja2.TemplateSyntaxError as exc:
        raise BriefgenError.single(display_name(Path(exc.filename or templates[0] / TEMPLATE)),
                                   f"template error: {exc.message}", exc.lineno or 1) from None
    except jinja2.TemplateError as exc:
        file, line = _template_position(exc, templates)
        message = str(exc)
        if isinstance(exc, jinja2.TemplateNotFound):  # FileSystemLoader also refuses "../" here
            message = (f"template '{exc.name}' not found: templates may use only files "
                       f"inside {' and '.join(display_name(t) for t in templates)}")
        raise BriefgenError.single(display_name(Path(file)), f"template error: {message}", line) from None


def _template_position(exc: Exception, templates: tuple[Path, ...]) -> tuple[str, int]:
    """The innermost template frame of a runtime error (Jinja maps it to template lines)."""
    tb = exc.__traceback__
    found = (str(layered(templates).get(TEMPLATE, templates[0] / TEMPLATE)), 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(str(t)) for t in templates):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
