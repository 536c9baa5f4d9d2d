"""briefing-formatter: raw article -> cleaned, sectioned briefing -> DOCX, PDF, Markdown, JSON.

The package is a pipeline whose modules follow its stages::

    read -> clean -> sections -> summary -> model -> writers/<format>

Importing the package is cheap on purpose: python-docx and ReportLab are imported only
inside their writer modules, when a document of that format is rendered.
"""

__version__ = "0.1.0"
