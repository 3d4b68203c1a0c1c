"""One module per command of ``python -m desktop_app``: ``add_arguments(parser)`` and ``run(args) -> int``.

Commands are thin: they parse, call the same functions the GUI calls, and print. ``database_access`` is not a
command: it opens the database for them (the lock file for writers, the start-up password).
"""
