"""Errors a user can fix (shown as a Chinese message) versus bugs (logged with a traceback)."""


class UserError(Exception):
    """A problem the clerk can fix; ``str(err)`` is a complete Chinese sentence saying what to do."""


class InputError(UserError):
    """Bad input from a file or a form: names the file/sheet/row/column or the field. CLI exit status 2."""
