"""briefgen: sourced YAML fact bases -> briefing notes (PDF and Word) tailored to each audience.

Pipeline: load (load.py) -> validate (validate.py) -> select for an audience
(select.py, markings.py, fit.py) -> render HTML (render/html.py) -> PDF
(render/pdf.py) / DOCX (render/word/); pipeline.py makes one brief through
these stages, and build.py runs the jobs and writes atomically.
"""
__version__ = "0.1.0"
