"""乡镇人大工作台 — offline desktop application for a township people's congress office."""

import sys

__version__ = "0.1.0"


class _NoNumpyForSqliteUtils:
    """An import hook that tells sqlite-utils NumPy is not installed.

    sqlite-utils imports NumPy whenever it is installed (for NumPy column types the app never stores), and
    the ballot reader needs it installed: that would add a tenth of a second or more to every
    start. Only an import made while ``sqlite_utils.db`` itself is being imported is refused; the reader
    imports NumPy as usual when a scan is read.
    """

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "numpy":
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__") == "sqlite_utils.db":
                    raise ModuleNotFoundError("NumPy is not offered to sqlite-utils", name=name)
                frame = frame.f_back
        return None


if _NoNumpyForSqliteUtils not in sys.meta_path:
    sys.meta_path.insert(0, _NoNumpyForSqliteUtils)
