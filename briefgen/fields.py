"""The building blocks both schemas share: strict models, ids, per-language text, readers, reach, sections.

Every model forbids unknown keys, so a typo in a hand-written YAML file is an
error rather than silently ignored data.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, WithJsonSchema

Id = str  # a stable, human-chosen identifier such as "fw-spa"

# what looks like a host name: "ec.europa.eu", "www.example.org:8080"
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?", re.IGNORECASE)


def web_address(value: str) -> str:
    """An absolute http(s) URL, or ValueError. The brief links it: anything else (a bare host
    name, a relative path) would resolve against the folder the renderer reads its templates from,
    a dead link holding the builder's install path, and javascript: or file: links are no source."""
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not re.search(r"\s", value):
        return value
    hint = ""
    if not parts.scheme and _HOST.fullmatch(value.split("/")[0]):
        hint = f" (did you mean 'https://{value}'?)"
    raise ValueError(f"expected a web address beginning https:// or http://, got {value!r}{hint}")


# BCP 47 (RFC 5646): language[-extlang][-script][-region]*(-variant)*(-extension)[-x-private], case-insensitive.
# The language is the ISO 639 code of 2 or 3 letters (5-8 letters are reserved, and none is registered).
# ASCII only: without re.ASCII, IGNORECASE lets 'ſ' (U+017F) match s and the Kelvin sign k, and \d
# matches any digit ('es-٤١٩'), all of which would reach the PDF's /Lang and Word's w:lang.
_BCP47 = re.compile(r"""
    [a-z]{2,3}(?:-[a-z]{3}){0,3}      # language, extended language subtags
    (?:-[a-z]{4})?                    # script: Latn, Hant
    (?:-(?:[a-z]{2}|\d{3}))?          # region: GB, 419
    (?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*  # variants: 1996, valencia
    (?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*  # extensions: u-nu-latn
    (?:-x(?:-[a-z\d]{1,8})+)?          # private use
    """, re.IGNORECASE | re.VERBOSE | re.ASCII)
# RFC 5646's grandfathered tags a UK house may still write, outside the grammar, and their preferred values
_GRANDFATHERED = {"en-gb-oed": "en-GB-oxendict"}


def language_tag(value: str) -> str:
    """A BCP 47 language tag ("en", "en-GB", "zh-Hant-TW"), or ValueError: it becomes the PDF's /Lang
    (PDF/UA) and the Word draft's language, where a name such as "English" is no language at all."""
    if _BCP47.fullmatch(value):
        return value
    import locale  # the C library's table of locale names ("english" -> en_EN) gives the hint

    guess = value.replace("_", "-") if _BCP47.fullmatch(value.replace("_", "-")) else None
    alias = locale.locale_alias.get(value.strip().lower().replace(" ", "_"))
    if guess is None and alias and alias[0].isalpha() and not alias.startswith(("c.", "C.")):
        language, _, region = alias.split(".")[0].partition("_")
        # "english" is en_EN, no country; "english_uk" is en_GB
        guess = language if value.isalpha() or region.lower() == language else f"{language}-{region}"
    hint = f" (did you mean '{guess}'?)" if guess and _BCP47.fullmatch(guess) else ""
    odd = next((i for i, c in enumerate(value) if not c.isascii()), None)
    if odd is not None:  # 'en-KR' prints as 'en-KR': name the character that is not what it looks like
        hint = (f" (character {odd + 1} is U+{ord(value[odd]):04X} {unicodedata.name(value[odd], '')}: "
                f"a tag is ASCII letters, digits and hyphens)")
    elif value.lower() in _GRANDFATHERED:
        hint = f" (a grandfathered tag: use '{_GRANDFATHERED[value.lower()]}')"
    raise ValueError(f"expected a BCP 47 language tag such as 'en' or 'en-GB', got {value!r}{hint}")


# A source's address: printed, and linked in the PDF, never fetched
WebAddress = Annotated[str, AfterValidator(web_address), Field(json_schema_extra={"pattern": "^https?://"})]
# what ends a line (the control characters that may too, U+000B and the like, are refused as such)
LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")


def one_line(value: str) -> str:
    """A name printed inside a line (the masthead, the byline, every page's footer, a document property):
    a line break in it would split that line, or print as a box (U+2028), so it is refused where it is
    written rather than laid out some way its writer did not see."""
    if found := LINE_BREAKS.search(value):
        raise ValueError(f"expected one line, got {value!r}: a line break (U+{ord(found.group()):04X}) would "
                         "split the line it is printed in; write it on one line")
    return value


OneLine = Annotated[str, AfterValidator(one_line)]
# the JSON Schema's pattern is the tag's outline, for editors; language_tag checks it in full
_TAG_OUTLINE = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
LanguageTag = Annotated[str, AfterValidator(language_tag), Field(json_schema_extra={"pattern": _TAG_OUTLINE})]

TLP_SCHEME = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]

# Who a brief reaches, widest first. A marking names the widest reach it may
# travel to; an audience may receive it if the audience's reach is that or narrower.
Reach = Literal["public", "community", "clients", "organisation", "named"]
REACHES: list[str] = ["public", "community", "clients", "organisation", "named"]
# TLP 2.0: CLEAR anyone; GREEN the community; AMBER the organisation and its
# clients; AMBER+STRICT the organisation only; RED named recipients only
TLP_REACH = dict(zip(TLP_SCHEME, REACHES, strict=False))
# TLP 2.0 (FIRST): each label's colour, printed on black, as Word writes a colour. The one table
# of them: the default Word reference's marking styles take theirs from it (render/word/package.py),
# and tests/test_markings_colours.py fails where templates/brief.css prints another.
TLP_COLOURS = {"TLP:CLEAR": "FFFFFF", "TLP:GREEN": "33FF00", "TLP:AMBER": "FFC000", "TLP:AMBER+STRICT": "FFC000",
               "TLP:RED": "FF2B2B"}


class Strict(BaseModel):
    # the docstring under each field is its description in the JSON Schema
    # (briefgen schema), which editors show as the user types: schema.py reads
    # them when it makes a schema, not pydantic at every import (use_attribute_docstrings
    # looked up each class's source, 20-45 ms of CPU before every build's first job).
    # Each model's validator is built when it first validates (defer_build): the
    # build's fork server imports the models for its workers, which only unpickle
    # them, and every build waited for it to build them all (0.04 s of CPU)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _text_form(value: Any) -> str | None:
    return "per-language" if isinstance(value, dict) else "text" if isinstance(value, str) else None


# Text a reader reads. Today one string in the fact base's language; an edition
# in several languages may give {language: text} instead (checks.py checks the
# fact base's own language is present, select.py picks it), so no field written
# for one reader needs a second, per-language twin later. The form is chosen by
# the value's shape (a tagged union), so a value of neither shape is one error,
# "expected text, or text per language", not one per form; validate.py drops the
# tags from an error's location, which names the field as the file writes it.
TEXT_FORMS = Annotated[str, Tag("text")] | Annotated[dict[str, str], Tag("per-language"), WithJsonSchema({
    "type": "object", "additionalProperties": {"type": "string"}, "propertyNames": {"pattern": _TAG_OUTLINE},
    "description": "The text per language, keyed by language tag: {en: …, fr: …}"})]
Text = Annotated[TEXT_FORMS, Discriminator(_text_form, custom_error_type="text_type",
                                           custom_error_message="expected text or text per language")]


def _one_line_text(value: str | dict[str, str]) -> str | dict[str, str]:
    for text in value.values() if isinstance(value, dict) else [value]:
        one_line(text)
    return value


# Text printed inside a line or kept as a document property (a title in the PDF's Title and the running
# head, a subtitle in the PDF's and the Word draft's Subject), in every language it is given in: see one_line
OneLineText = Annotated[Text, AfterValidator(_one_line_text)]


# A field's part in the release rules, marked once where the model defines it (json_schema_extra; texts.marked
# reads it). Prose says what its statement says: a restricted statement's prose is what another statement must
# not repeat (copies.py). A reference names other items or a vocabulary (ids, themes, a marking, a kind), which
# what a reader may see shares: it is no content of a withheld statement (release/withheld.py). Everything else
# a statement holds (its id, its name) is content, but not prose: other statements call it by its name.
PROSE = {"prose": True}
REFERENCE = {"reference": True}


def by_language(value: Text | None) -> list[tuple[str | None, str | None]]:
    """(language, text) of each text ``value`` gives; (None, text) for one plain string."""
    return list(value.items()) if isinstance(value, dict) else [(None, value)]


def language_keys(language: str) -> tuple[str, str]:
    """The tags, lower-cased, under which text in ``language`` may be keyed: itself, then its language
    alone ("en-GB" also finds "en"). BCP 47 tags are case-insensitive: compare a key's ``.lower()``."""
    tag = language.lower()
    return tag, tag.split("-")[0]


def localised(value: Text | None, language: str) -> str | None:
    """The text of ``value`` in ``language`` (see language_keys), else its first text."""
    if value is None or isinstance(value, str):
        return value
    by_tag = {tag.lower(): text for tag, text in value.items()}
    return next((by_tag[t] for t in language_keys(language) if by_tag.get(t)), None) or next(iter(value.values()), None)


# A kind of reader, named by the fact base and by a profile's ``reader``:
# "policymaker", "business", "security", "press"... Nothing in the code knows
# the names; a profile asks for what the fact base wrote for its reader.
ReaderKind = str

SectionId = Literal[
    "takeaways", "drivers", "frameworks", "areas", "timeline",
    "challenges", "recommendations", "corrections", "sources",
    # the fact base's messages of that kind for the profile's reader
    "purpose", "decision", "lines", "judgements", "watch",
]
# section id -> the message kind it prints
MESSAGE_SECTIONS = {"purpose": "purpose", "decision": "decision", "lines": "line",
                    "judgements": "judgement", "watch": "watch"}
