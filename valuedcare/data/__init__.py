"""The only package that touches the database session.

Functions named ``get_``/``list_``/``create_``/``save_``/``store_`` do I/O; they add and flush, and
never commit: the request (or a CLI command given ``--commit``) commits once.
"""
