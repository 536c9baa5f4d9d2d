"""``python -m formatter`` runs the ``briefing`` command line."""

from formatter.cli import main

if __name__ == "__main__":
    main()
