"""A framework's status line as the brief prints it: its dates, status and scope, each fact said once.

"Signed 17 July 2018; in force 1 February 2019. Status: .... Scope: ...." The verb is what its
date marks (the framework's signed_as: the fact base's word, or its kind's; select.py): "Launched
25 April 2022". A status that tells the signing, stating its date ("Launched on 25 April 2022;
…") or opening on its verb ("Signed in Seoul", which then takes the date), stands in for it,
first and without "Status:"; a status that only repeats a date's verb ("In force", after "in
force 1 June 2014") is left out, and so is its opening "In force;" ("In force; directly
applicable" prints "Status: Directly applicable"). The dates are printed even where the brief's
timeline has an entry on them: a framework's dates are what a reader looks it up for, and a
pointer such as "Signed (timeline C)" sent the reader to another page for them (an editor's
review, stop 26). Joined by semicolons the parts ran together where a status has a
semicolon of its own; status and scope are sentences in the fact base, whose own full stops
would double up. The template joins the parts with ". " and ends the line with a full stop. The
words quoted here are English: a brief words its status line in its own language (labels.WORDS).
"""
from __future__ import annotations

from .labels import word
from .model import Framework


def status_parts(fw: Framework, language: str | None = None) -> list[str]:
    """The sentences of ``fw``'s status line in ``language``, without their full stops, the first capitalised:
    the phrasing around the fact base's words is the language's (labels.WORDS: "dated", "status", "scope")."""
    from .render.dates import date_text, gives_date  # the one place a date is worded

    def said(key: str, **values) -> str:
        return word(key, language, **values)

    status = fw.status.strip().rstrip(".")
    verb = fw.signed_as or said("signed as agreement")
    signed = date_text(fw.signed, language) if fw.signed else ""
    in_force = date_text(fw.in_force, language) if fw.in_force else ""
    if signed and not gives_date(status, fw.signed, language) and status.lower().startswith(verb.lower() + " "):
        # "Signed in Seoul" takes its date: "Signed in Seoul on 17 July 2018"
        head, sep, rest = status.partition(";")
        status = said("status dated", status=head, date=signed) + sep + rest
    tells = gives_date(status, fw.signed, language)  # the status tells the signing: it stands in for it
    dates = ([status] if tells else [said("dated", event=verb, date=signed)] if signed else []) + (
        [said("in force dated", date=in_force)] if in_force and not gives_date(status, fw.in_force, language) else [])
    opening = said("in force")  # "In force; directly applicable" after the date: "Directly applicable"
    rest = status[len(opening):]
    if in_force and not tells and status.lower().startswith(opening.lower()) and rest[:1] in (";", ","):
        status = rest[1:].strip()
        status = status[:1].upper() + status[1:]
    repeats = tells or status.lower() in ([verb.lower()] if signed else []) + ([opening.lower()] if in_force else [])
    parts = ([("; ").join(dates)] if dates else []) + ([] if repeats else [said("status", status=status)]) + [
        said("scope", scope=fw.scope.strip().rstrip("."))]
    return [parts[0][:1].upper() + parts[0][1:], *parts[1:]]
