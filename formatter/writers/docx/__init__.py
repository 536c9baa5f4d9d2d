"""The DOCX writer (python-docx): an editable Word briefing.

:mod:`~formatter.writers.docx.document` walks the document plan and assembles the
package, :mod:`~formatter.writers.docx.styles` writes the theme's named styles and
numbering as OOXML, and :mod:`~formatter.writers.docx.ooxml` writes the package-level
parts and the reproducible zip (standard library only). python-docx is imported in
this subpackage and nowhere else.
"""

from formatter.writers.docx.document import render

__all__ = ["render"]
