"""The checks a schema cannot express on a fact base: its cross-references, and what they decide.

Unique ids, known sources, themes, facts, frameworks and markings, dates no later
than the brief's, no statement repeating a more restricted one's words (copies.py);
with them the checks of other modules: text in the fact base's language
(languages.py), editorial and review warnings. Each returns its problems (errors
and warnings) rather than raising: validate.to_model reports them with the
schema's, all at once. A profile's checks are profilechecks.py's.
"""
from __future__ import annotations

import re

from .copies import copies
from .editorial import check_sources
from .errors import Problem
from .fields import by_language, language_keys, localised
from .labels import word
from .languages import check_languages
from .load import Document
from .messages import says_likelihood
from .model import FactBase, Framework, Milestone, Recommendation, all_facts
from .render.dates import date_text, gives_date
from .review import review_warnings
from .validate import unknown_message


def check_factbase(doc: Document, fb: FactBase) -> list[Problem]:
    """Cross-reference checks; returns errors and warnings (not raised)."""
    out: list[Problem] = []
    meta = fb.meta
    scheme = meta.marking_scheme
    themes = set(fb.themes)
    sources = {s.id: s for s in fb.sources}
    seen: dict[str, tuple] = {}
    decisive: list[Problem] = []  # errors that leave a statement's marking unknown: the copy check waits on them

    def decide(*found: Problem) -> list[Problem]:
        decisive.extend(found)
        return list(found)

    def unique(path: tuple, ident: str) -> None:
        if ident in seen:
            line = doc.mark(seen[ident] + ("id",))[0]
            out.extend(decide(doc.problem(path + ("id",), f"duplicate id '{ident}' (first used on line {line})")))
        else:
            seen[ident] = path

    def marking_ok(path: tuple, marking: str | None) -> None:
        if marking is not None and marking not in scheme:
            out.extend(decide(doc.problem(path + ("marking",), unknown_message("marking", marking, scheme))))

    if meta.default_marking is not None and meta.default_marking not in scheme:
        out += decide(doc.problem(("meta", "default_marking"),
                                  unknown_message("marking", meta.default_marking, scheme)))
    for marking in meta.marking_reach or {}:
        if marking not in scheme:
            out += decide(doc.problem(("meta", "marking_reach", marking), unknown_message("marking", marking, scheme)))
    for i, source in enumerate(fb.sources):
        unique(("sources", i), source.id)
        marking_ok(("sources", i), source.marking)
        # a brief cannot cite what was published after it
        if source.date is not None and source.date > meta.date:
            out.append(doc.problem(("sources", i, "date"), f"source '{source.id}' is dated {source.date}, "
                                   f"after the brief's date {meta.date}; a brief cannot cite what came later"))
        # each is read as it stands: a note without a date, a source taken as primary for want of a word
        if "date" not in source.model_fields_set:  # date: null says it has none, on purpose
            out.append(doc.problem(("sources", i), f"source '{source.id}' has no date: its notes and its entry in "
                                   "the sources list give none; add date (a web page's: when it was published or "
                                   "last updated; date: null if it has none)", "warning"))
        if "kind" not in source.model_fields_set:
            out.append(doc.problem(("sources", i), f"source '{source.id}' has no kind, so it counts as primary "
                                   "and a fact resting only on commentary goes untold; add kind: primary (the "
                                   "document itself) or secondary (commentary on it)", "warning"))
    for i, area in enumerate(fb.areas):
        unique(("areas", i), area.id)
        out += _check_themes(doc, ("areas", i), area.themes, themes)
    for audience, own in fb.profiles.items():
        out += [doc.problem(("profiles", audience, "lead_themes", j), unknown_message("theme", t, sorted(themes)))
                for j, t in enumerate(own.lead_themes or []) if t not in themes]

    # a message or a takeaway may cite its own
    cited: set[str] = {s for x in (*fb.messages, *fb.takeaways) for s in x.sources}
    for path, fact in all_facts(fb):
        unique(path, fact.id)
        marking_ok(path, fact.marking)
        out += _check_themes(doc, path, fact.themes, themes)
        out += decide(*_check_refs(doc, path + ("sources",), fact.sources, sources, what="source"))
        cited.update(fact.sources)
        if fact.as_of > meta.date:
            out.append(doc.problem(path + ("as_of",), f"as_of {fact.as_of} is later than the brief's date {meta.date}"))
        out += _later_events(doc, path, fact, meta)
        out += _check_assessment(doc, path, fact)
        out += _later_years(doc, path, {"headline": fact.headline, "detail": fact.detail,
                                        **{("so_what", k): v for k, v in fact.so_what.items()}}, meta)

    out += review_warnings(doc, fb)
    out += check_languages(doc, fb)
    fact_ids = {fact.id for _, fact in all_facts(fb)}
    framework_ids = {fw.id for fw in fb.frameworks}
    # what may tell a milestone's event: any fact but a milestone, a takeaway, a message
    tellers = ({fact.id for _, fact in all_facts(fb) if not isinstance(fact, Milestone)}
               | {tk.id for tk in fb.takeaways} | {msg.id for msg in fb.messages})
    for i, area in enumerate(fb.areas):
        for j, stone in enumerate(area.milestones):
            out += decide(*_check_refs(doc, ("areas", i, "milestones", j, "frameworks"), stone.frameworks,
                                       framework_ids, what="framework"))
            out += decide(*_check_refs(doc, ("areas", i, "milestones", j, "told_by"), stone.told_by,
                                       tellers - {stone.id}, what="fact, takeaway or message"))
    for i, tk in enumerate(fb.takeaways):
        unique(("takeaways", i), tk.id)
        marking_ok(("takeaways", i), tk.marking)
        out += _check_themes(doc, ("takeaways", i), tk.themes, themes)
        out += decide(*_check_refs(doc, ("takeaways", i, "rests_on"), tk.rests_on, fact_ids))
        out += decide(*_check_refs(doc, ("takeaways", i, "sources"), tk.sources, sources, what="source"))
        if not tk.rests_on:
            out.append(doc.problem(("takeaways", i), "takeaway cites no fact (add rests_on)", "warning"))
    for i, rec in enumerate(fb.road_ahead.recommendations):
        path = ("road_ahead", "recommendations", i)
        out += decide(*_check_refs(doc, path + ("rests_on",), rec.rests_on, fact_ids))
        if not rec.rests_on:
            out.append(doc.problem(path, "recommendation cites no fact (add rests_on)", "warning"))
    for i, tk in enumerate(fb.takeaways):
        out += _later_years(doc, ("takeaways", i), {"text": tk.text}, meta)
    for i, msg in enumerate(fb.messages):
        path = ("messages", i)
        unique(path, msg.id)
        marking_ok(path, msg.marking)
        out += _check_themes(doc, path, msg.themes, themes)
        out += decide(*_check_refs(doc, path + ("rests_on",), msg.rests_on, fact_ids))
        out += decide(*_check_refs(doc, path + ("sources",), msg.sources, sources, what="source"))
        if msg.kind != "watch":  # a date to watch names what is to come
            out += _later_years(doc, path, {"text": msg.text}, meta)
        # ICD 203: the judgement says its likelihood in words, the ladder's own
        if msg.kind == "judgement" and msg.likelihood:
            for lang, words in by_language(msg.text):
                if (lang is None or language_keys(lang)[1] == "en") and not says_likelihood(words, msg.likelihood):
                    out.append(doc.problem(path + ("text",), f"judgement does not say its likelihood "
                                                             f"'{msg.likelihood}' in its text", "warning"))
    if (named := meta.source_document) is not None and named not in sources:
        out.append(doc.problem(("meta", "source_document"), unknown_message("source", named, list(sources)),
                               refers_to=named))
    for i, cor in enumerate(fb.corrections):
        out += _later_years(doc, ("corrections", i), {"finding": cor.finding, "document_says": cor.document_says}, meta)
        unique(("corrections", i), cor.id)
        marking_ok(("corrections", i), cor.marking)
        out += decide(*_check_refs(doc, ("corrections", i, "about"), [cor.about], fact_ids, single=True))
        out += decide(*_check_refs(doc, ("corrections", i, "sources"), cor.sources, sources, what="source"))
        cited.update(cor.sources)
    out += _check_abbreviations(doc, fb, marking_ok)
    out += check_sources(doc, fb)
    for i, source in enumerate(fb.sources):
        if source.id not in cited:
            out.append(doc.problem(("sources", i), f"source '{source.id}' is cited by no fact", "warning"))
    if not decisive:  # a copy is judged by the markings: they must be known (other errors wait for nothing)
        out += [doc.problem(c.holder_path, c.message(scheme, doc.mark(c.path)[0]), "error" if c.sure else "warning")
                for c in copies(fb)]
    return out


# a year, but not a target ("neutral by 2050", "By 2030 the EU aims", "benchmarks for 2030") nor a
# forecast bounded by it ("unlikely before 2027", "until 2028", "after 2030", "beyond 2035"), which
# name the future on purpose: what they claim is the writer's expectation, not an event of that year
_YEAR = re.compile(r"(?<![\d/.-])(?<!\bby )(?<!\bfor )(?<!\bbefore )(?<!\bafter )(?<!\buntil )(?<!\bbeyond )"
                   r"(1[89]\d\d|2\d\d\d)(?![\d/-])", re.IGNORECASE)


def _later_years(doc: Document, path: tuple, texts: dict, meta) -> list[Problem]:
    """A warning where text names a year after the brief's: it tells of what
    came later, which a brief of that date cannot know (or it is a typo)."""
    out = []
    for key, value in texts.items():
        for lang, text in by_language(value):
            later = sorted({int(y) for y in _YEAR.findall(text or "") if int(y) > meta.date.year})
            if later:
                where = path + (key if isinstance(key, tuple) else (key,)) + ((lang,) if lang else ())
                out.append(doc.problem(where, f"names {', '.join(map(str, later))}, after the brief's "
                                              f"date {meta.date}", "warning"))
    return out


def _check_assessment(doc: Document, path: tuple, fact) -> list[Problem]:
    """A fact marked the analysts' assessment (model.Assessment): a statement of fact or a challenge, not
    a milestone (an event) or a recommendation (advice), which no brief labels; and, ICD 203, saying its
    likelihood word in its text (headline or detail), as a key judgement must, in each English text."""
    if fact.assessment is None:
        return []
    if isinstance(fact, (Milestone, Recommendation)):
        what = "a milestone is a dated event" if isinstance(fact, Milestone) else "a recommendation is advice"
        return [doc.problem(path + ("assessment",), f"fact '{fact.id}': {what}, which no brief prints as an "
                            "assessment; mark the driver, framework, area fact or challenge that judges it")]
    likelihood = fact.assessment.likelihood
    if not likelihood:
        return []
    details = dict(by_language(fact.detail)) if fact.detail is not None else {}
    out = []
    for lang, headline in by_language(fact.headline):
        if lang is not None and language_keys(lang)[1] != "en":
            continue  # the ladder's words are English (messages.Likelihood)
        said = f"{headline} {details.get(lang) or ''}"
        if not says_likelihood(said, likelihood):
            out.append(doc.problem(path + (("headline", lang) if lang else ("headline",)), (
                f"assessment '{fact.id}' does not say its likelihood '{likelihood}' in its headline or detail"),
                "warning"))
    return out


def _later_events(doc: Document, path: tuple, fact, meta) -> list[Problem]:
    """An error where a milestone or a framework's signing is dated after the brief: the timeline
    and the status line print it as done (as_of's rule; a typo such as 2027 for 2017 is the
    usual cause). A framework's in_force date may lie ahead: entry into force is often
    scheduled. But "in force 1 January 2027" on its own reads as done, so a later in_force
    passes only where the status gives that date ("enters into force on 1 January 2027"),
    which the status line then prints in its place."""
    out = []
    if isinstance(fact, Milestone) and fact.date > meta.date:
        out.append(doc.problem(path + ("date",), f"date {fact.date} is later than the brief's date {meta.date}"))
    if isinstance(fact, Framework):
        if fact.signed is not None and fact.signed > meta.date:
            out.append(doc.problem(path + ("signed",),
                                   f"signed {fact.signed} is later than the brief's date {meta.date}"))
        # the status the brief prints, in its language: another language's giving the date does not
        # keep this one's line from printing "in force <date>" as done (code review, stop 27)
        if fact.in_force is not None and fact.in_force > meta.date and not gives_date(
                localised(fact.status, meta.language) or "", fact.in_force, meta.language):
            when = date_text(fact.in_force, meta.language)  # as the brief words it, and status must
            out.append(doc.problem(path + ("in_force",), (
                f"in_force {fact.in_force} is later than the brief's date {meta.date}, and the status line "
                f"would print '{word('in force dated', meta.language, date=when)}' as done; if entry into force is "
                f"scheduled, say so in status "
                f"with the date ('enters into force on {when}')")))
    return out


def _check_abbreviations(doc: Document, fb: FactBase, marking_ok) -> list[Problem]:
    """Each short form once, one word, in the fact base's language (render/abbreviations.py)."""
    out: list[Problem] = []
    first: dict[str, int] = {}
    for i, abbr in enumerate(fb.abbreviations):
        path = ("abbreviations", i)
        marking_ok(path, abbr.marking)
        for lang, long in by_language(abbr.long):
            if not long.strip():
                out.append(doc.problem(path + (("long", lang) if lang else ("long",)), "says nothing: "
                                       "give what the short form stands for"))
        for lang, short in by_language(abbr.short):
            where, tag = path + (("short", lang) if lang else ("short",)), lang and lang.lower()
            if not short.strip() or len(short.split()) > 1:
                out.append(doc.problem(where, f"a short form is one word, as the statements print it; got '{short}'"))
            elif (tag, short) in first:
                line = doc.mark(("abbreviations", first[(tag, short)], "short"))[0]
                out.append(doc.problem(where, f"'{short}' is already defined (line {line})"))
            else:
                first[(tag, short)] = i
    return out


def _check_themes(doc: Document, path: tuple, used: list[str], known: set[str]) -> list[Problem]:
    return [doc.problem(path + ("themes", j), unknown_message("theme", t, sorted(known)))
            for j, t in enumerate(used) if t not in known]


def _check_refs(doc: Document, path: tuple, refs: list[str], known, single: bool = False,
                what: str = "fact") -> list[Problem]:
    """An error for each of ``refs`` not in ``known`` (a set, listed sorted; or a mapping, in its order)."""
    listed = sorted(known) if isinstance(known, set) else list(known)
    return [doc.problem(path if single else path + (j,), unknown_message(what, r, listed), refers_to=r)
            for j, r in enumerate(refs) if r not in known]
