"""``python -m desktop_app`` starts the GUI; ``python -m desktop_app <command>`` runs a headless command."""

import sys


def main(argv: list[str] | None = None) -> int:
    # Absolute import: PyInstaller runs this file as a top-level script, where relative imports fail.
    from desktop_app.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
