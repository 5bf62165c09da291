"""``python -m noneq`` runs the command line."""

from noneq.cli import main

if __name__ == "__main__":
    main()
