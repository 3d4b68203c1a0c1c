"""The only package with SQL: sqlite-utils over one SQLite file, one module per aggregate.

Open the file with ``db.connection.open_database``. This package module imports nothing, so that a store's
``from . import audit`` never reaches back into the connection and its migrations (no import circle).
"""
