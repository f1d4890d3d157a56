"""Shared WTForms pieces: NHS.UK params builders (``rendering``) and widgets (``widgets``)."""
