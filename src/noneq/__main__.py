"""``python -m noneq`` runs the command line."""

from noneq.cli import main

main()
