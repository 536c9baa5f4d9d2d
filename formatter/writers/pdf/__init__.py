"""The PDF writer (ReportLab): a typeset briefing.

:mod:`~formatter.writers.pdf.document` walks the document plan into platypus
flowables and paragraph styles, :mod:`~formatter.writers.pdf.page` lays out pages,
running heads and metadata, :mod:`~formatter.writers.pdf.fonts` registers faces and
makes article text safe for Paragraph markup, :mod:`~formatter.writers.pdf.text`
reorders right-to-left runs, :mod:`~formatter.writers.pdf.hyphenation` reads pyphen's
dictionaries lazily, and :mod:`~formatter.writers.pdf.patches` holds the one change
made to ReportLab itself. ReportLab is imported in this subpackage and nowhere else.
"""

from formatter.writers.pdf.document import render

__all__ = ["render"]
