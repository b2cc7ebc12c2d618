"""Demo and seed data: a synthetic jurisdiction (``seed``) and a ready-to-try portal (``demo``).

``generator`` is pure Python and deterministic; ``loader`` writes its rows (COPY on PostgreSQL,
``bulk_create`` on SQLite); ``accounts`` creates the named demo accounts. Nothing here is used by
the running platform.
"""
