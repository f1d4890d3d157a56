"""Shared WTForms pieces: the base of every form with its text screen (``base``), NHS.UK params
builders (``rendering``) and widgets (``widgets``)."""
