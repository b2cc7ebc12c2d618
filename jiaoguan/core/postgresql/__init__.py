"""The PostgreSQL backend production uses: Django's, with a cheaper health check (base.py)."""
