"""The rules of the work in pure Python: no Qt, no SQL, no file formats."""
