"""`python -m briefbot` is the `briefbot` command."""

from briefbot.cli import main

main()
