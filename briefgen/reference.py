"""``python -m briefgen.reference OUT.docx``: write briefgen's default Word
reference document, for an organisation to restyle in Word and pass back with
``briefgen build --reference-docx`` (the reference itself: render/word/reference.py)."""
from __future__ import annotations

import sys
from pathlib import Path

from .render.word.package import default_reference


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m briefgen.reference OUT.docx", file=sys.stderr)
        return 2
    Path(argv[0]).write_bytes(default_reference())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
