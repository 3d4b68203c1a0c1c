"""Exchange with the county: the data package (package.py), its layouts and the import (importer.py)."""
