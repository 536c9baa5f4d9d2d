"""The PDF writer (ReportLab): a typeset briefing.

:mod:`~formatter.writers.pdf.document` walks the document plan into platypus
flowables and paragraph styles (and each block into its structure element),
:mod:`~formatter.writers.pdf.page` lays out pages, running heads and metadata and marks
what it draws as tagged content or artifacts, :mod:`~formatter.writers.pdf.tags` keeps
and writes the structure tree, :mod:`~formatter.writers.pdf.archive` the XMP metadata
and the PDF/A output intent, :mod:`~formatter.writers.pdf.fonts` registers faces and
makes article text safe for Paragraph markup, :mod:`~formatter.writers.pdf.text`
reorders right-to-left runs, :mod:`~formatter.writers.pdf.hyphenation` reads pyphen's
dictionaries lazily, and :mod:`~formatter.writers.pdf.patches` holds the changes made
to ReportLab itself (the ToUnicode fix, the end of line before ``endstream``) and to
pyphen. ReportLab is imported in this subpackage and nowhere else.
"""

from formatter.writers.pdf.document import render

__all__ = ["render"]
