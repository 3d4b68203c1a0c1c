"""The only package with SQL: sqlite-utils over one SQLite file, one module per aggregate."""

from .connection import open_database, SchemaTooNewError  # noqa: F401
