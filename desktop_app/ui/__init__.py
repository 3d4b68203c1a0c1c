"""PySide6 widgets and Qt models. Calls ``db``, ``domain`` and ``reports``; writes no SQL."""
