"""The only package that touches the database session.

Functions named ``get_``/``list_``/``create_``/``save_``/``store_`` do I/O; they add and flush, and
never commit: ``transaction`` ends every transaction (one commit per request, and one per
command line command).
"""
