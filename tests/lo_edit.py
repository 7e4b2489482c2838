"""Edit a .docx in LibreOffice itself, as an editor would, through its UNO bridge.

Run with the system Python, which has Debian's python3-uno (the venv has not):

    /usr/bin/python3 tests/lo_edit.py JOBS.json [PROFILE]

JOBS is a JSON list of {"source": IN.docx, "target": OUT.docx, "edits": EDITS},
done one after the other in one LibreOffice (it takes seconds to start). Each
job opens its source afresh, applies its EDITS in order with change recording
on, so every edit is a tracked change in the saved file (or off, with
"track": false in the job: the file as an editor who edits untracked, or
accepts all changes, leaves it), and saves the target:
    {"op": "replace", "find": "old words", "with": "new words"}
    {"op": "delete", "find": "a sentence."}
    {"op": "comment", "find": "text to comment on", "text": "the comment", "author": "A. Editor"}
    {"op": "type_after", "find": "text", "with": " words typed after it"}
Each "find" must occur in the document (its body, or else a footnote or endnote);
the script fails otherwise. It starts
its own headless soffice (a private pipe) and stops it; its user profile is
PROFILE, a folder LibreOffice has started with before and no other LibreOffice
uses, or else a new one in a temporary folder.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, proc: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - soffice is still starting
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"lo_edit: soffice did not accept a connection (exit {proc.poll()})") from None
            time.sleep(0.05)  # soffice takes a second or more to start: ask often, not late


def texts(doc):
    """The body, then each footnote and endnote: the texts an editor can type in."""
    yield doc.getText()
    for notes in (doc.getFootnotes(), doc.getEndnotes()):
        for i in range(notes.getCount()):
            yield notes.getByIndex(i)


def find(doc, text: str):
    """A cursor selecting the first occurrence of ``text`` in a paragraph of the body, or else of a note.

    Walks the paragraphs rather than using findFirst: the document is loaded
    without a view (see main), and LibreOffice's search needs one."""
    for where in texts(doc):
        paragraphs = where.createEnumeration()
        while paragraphs.hasMoreElements():
            para = paragraphs.nextElement()
            if not para.supportsService("com.sun.star.text.Paragraph"):
                continue
            at = para.getString().find(text)
            if at >= 0:
                cursor = where.createTextCursorByRange(para.getStart())
                cursor.goRight(at, False)
                cursor.goRight(len(text), True)
                if cursor.getString() != text:
                    raise SystemExit(f"lo_edit: selected {cursor.getString()!r}, not {text!r}")
                return cursor
    raise SystemExit(f"lo_edit: {text!r} is not in the document")


def edit(doc, edits: list[dict], track: bool = True) -> None:
    doc.setPropertyValue("RecordChanges", track)
    for e in edits:
        found = find(doc, e["find"])
        if e["op"] == "replace":
            found.setString(e["with"])
        elif e["op"] == "delete":
            found.setString("")
        elif e["op"] == "type_after":
            found.getText().insertString(found.getEnd(), e["with"], False)
        elif e["op"] == "comment":
            note = doc.createInstance("com.sun.star.text.textfield.Annotation")
            note.Author = e.get("author", "Editor")
            note.Content = e["text"]
            found.getText().insertTextContent(found, note, True)  # spans the found text
        else:
            raise SystemExit(f"lo_edit: unknown op {e['op']!r}")


def main(jobs_path: str, given_profile: str | None = None) -> None:
    jobs = json.loads(Path(jobs_path).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="lo-edit-") as new_profile:
        profile = given_profile or new_profile
        pipe = f"briefgen_lo_edit_{os.getpid()}"
        command = ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                   f"-env:UserInstallation={Path(profile).resolve().as_uri()}"]
        if not given_profile:
            # a fresh profile makes soffice restart itself once, dropping any bridge: make it first
            subprocess.run(command + ["--terminate_after_init"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120)
        # its own process group: `soffice` is a script that starts soffice.bin, which a kill of
        # the script alone would leave running after an edit that failed
        proc = subprocess.Popen(command + [f"--accept=pipe,name={pipe};urp;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            ctx = connect(pipe, proc)
            # the model alone, without a window: the no-GUI LibreOffice of Debian aborts
            # building the comment margin of a view for a document that has comments
            for job in jobs:
                doc = ctx.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
                doc.load((prop("URL", Path(job["source"]).resolve().as_uri()),
                          prop("FilterName", "MS Word 2007 XML")))
                edit(doc, job["edits"], job.get("track", True))
                doc.storeToURL(Path(job["target"]).resolve().as_uri(), (prop("FilterName", "MS Word 2007 XML"),))
                doc.close(True)
            try:
                desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
                desktop.terminate()
            except Exception:  # noqa: BLE001 - the bridge drops as soffice exits
                pass
            proc.wait(timeout=30)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # what is left of this soffice, and only it
            except ProcessLookupError:
                pass
            proc.wait()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
