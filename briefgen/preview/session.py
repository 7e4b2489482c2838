"""The preview's rebuild loop: one brief rebuilt in this process on demand and
on every save of its inputs (fact base, profile, configuration, house files,
templates), keeping the last good pages when a rebuild fails."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..defaults import CONFIG
from ..errors import BriefgenError
from ..pipeline import Options, make_brief, render
from ..project import Project, load_audience, load_factbase
from ..render.html import check_templates
from .pages import Page, rasterise


@dataclass(frozen=True)
class Snapshot:
    """What the page shows: the last good pages, and the problems of the latest attempt."""

    version: int = 0
    pages: tuple[Page, ...] = ()
    pdf: bytes | None = None
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    built_at: str = ""  # local time of the latest attempt
    seconds: float = 0.0  # how long it took

    def state(self) -> dict:
        return {"version": self.version, "problems": list(self.problems), "warnings": list(self.warnings),
                "built_at": self.built_at, "seconds": round(self.seconds, 3),
                "pages": [{"src": f"/page/{i + 1}.png?v={self.version}", "width": p.width,
                           "height": p.height, "lines": [list(line) for line in p.lines]}
                          for i, p in enumerate(self.pages)]}


class Preview:
    """One brief, rebuilt on demand; the latest Snapshot, and a way to wait for the next."""

    def __init__(self, project: Project, factbase: Path, audience: str, options: Options | None = None):
        self.project = project
        self.factbase = Path(factbase)
        self.audience = audience
        self.options = options or Options(formats=("pdf",))
        self.name = f"{self.factbase.stem}-{audience}"
        self.snapshot = Snapshot()
        self._changed = threading.Condition()
        self._pngs: dict[bytes, bytes] = {}  # the last pages' PNGs by their pixels (rasterise)

    def inputs(self) -> tuple[set[Path], tuple[Path, ...]]:
        """The files a save of which rebuilds the brief, and the template folders (all of them)."""
        # every profile, as every build's key has them: the brief may name another's title (sources_in)
        files = {self.factbase.resolve()} | {p.resolve() for p in self.project.audience_paths()}
        files.add(self.project.root.resolve() / CONFIG)  # the configuration, also one made after the start
        files |= {p.resolve() for p in self.project.house_files()}  # logo, fonts
        return files, tuple(f.resolve() for f in self.project.templates if f.is_dir())

    def rebuild(self) -> Snapshot:
        """Build the brief's PDF; on a problem keep the last good pages and report it."""
        started = time.perf_counter()
        previous = self.snapshot
        try:
            profiles = self.project.profiles()
            fb, found = load_factbase(self.factbase, glyphs=self.project.glyphs(), profiles=profiles)
            path = self.project.audience_path(self.audience)
            audience = self.project.with_sources_brief(load_audience(path, [fb], profiles=profiles), path,
                                                       profiles=profiles)
            problems = check_templates(self.project.templates)
            if problems:
                raise BriefgenError(problems)
            brief = make_brief(fb, audience, self.name, self.project.templates, self.project.identity(fb)[0])
            pdf, _, _ = render(brief, "pdf", self.project, self.options)
            update = dict(pages=rasterise(pdf, known=self._pngs), pdf=pdf, problems=(),
                          warnings=tuple(str(p) for p in sorted(found)))
        except BriefgenError as exc:
            update = dict(problems=tuple(str(p) for p in exc.problems))
        except Exception as exc:  # noqa: BLE001 - the preview outlives a bug in one rebuild
            first = (str(exc).splitlines() or [""])[0]
            update = dict(problems=(f"briefgen: internal error: {type(exc).__name__}: {first}",))
        snapshot = Snapshot(**{**previous.__dict__, **update, "version": previous.version + 1,
                               "built_at": time.strftime("%H:%M:%S"),
                               "seconds": time.perf_counter() - started})
        with self._changed:
            self.snapshot = snapshot
            self._changed.notify_all()
        return snapshot

    def wait_newer(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once it is newer than ``version``, or the current one after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.version > version, timeout)
            return self.snapshot

    def watch(self, stop: threading.Event, rebuilt: Callable[[Snapshot], None] = lambda s: None) -> None:
        """Rebuild after every save of an input, until ``stop`` is set. Folders are watched
        rather than files: an editor that saves by writing a new file and renaming it
        over the old one would otherwise end the watch on the first save."""
        from watchfiles import watch

        files, templates = self.inputs()
        folders = {f.parent for f in files if f.parent.is_dir()} | set(templates)
        folders |= {p for folder in templates for p in folder.rglob("*") if p.is_dir()}

        def relevant(_change, path: str) -> bool:
            path = Path(path)
            return path in files or any(path.is_relative_to(t) and not path.name.startswith(".")
                                        for t in templates)

        for _changes in watch(*sorted(folders), watch_filter=relevant, recursive=False,
                              stop_event=stop, debounce=400, step=30, rust_timeout=500):
            rebuilt(self.rebuild())
