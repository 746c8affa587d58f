"""Alembic migrations, shipped inside the package (run them with `python -m bot db upgrade`)."""
