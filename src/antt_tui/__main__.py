"""`python -m antt_tui` hands over to the CLI."""

from antt_tui.cli import main

if __name__ == "__main__":
    main()
