"""Readers: one subpackage per input format besides plain text, mirroring the writers.

A reader turns a file into the same :class:`~formatter.model.Briefing` the text
pipeline makes (or into article text for the pipeline to clean and section).
"""
