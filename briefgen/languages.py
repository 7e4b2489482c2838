"""Text per language: each text given as {language: text} keyed by language tags, holding the fact base's own.

Every field annotated Text is checked (texts.py finds them from the models), so a field
made per-language has these checks with nothing else to edit.
"""
from __future__ import annotations

from .errors import Problem
from .fields import language_keys, language_tag
from .load import Document
from .model import FactBase
from .texts import texts


def check_languages(doc: Document, fb: FactBase) -> list[Problem]:
    """Text given per language, in any field annotated Text (texts.py finds them all), is keyed by language
    tags, and includes the fact base's own language."""
    out = []
    language = fb.meta.language
    for where, value in texts(fb):
        seen: dict[str, str] = {}
        for lang in value if isinstance(value, dict) else ():
            try:
                language_tag(lang)
            except ValueError as exc:  # {English: ...}: the edition in that language would never be found
                out.append(doc.problem(where + (lang,), str(exc), at_key=True))
            if (other := seen.setdefault(lang.lower(), lang)) != lang:  # one of the two would never be printed
                out.append(doc.problem(where + (lang,), f"'{lang}' is the language tag '{other}' again (tags ignore "
                                                         "case): keep one", at_key=True))
        if isinstance(value, dict) and not set(language_keys(language)) & {lang.lower() for lang in value}:
            out.append(doc.problem(where, f"has no text in the fact base's language '{language}' "
                                          f"(has: {', '.join(value) or 'none'})"))
    return out
