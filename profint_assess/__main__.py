"""``python -m profint_assess``."""

from profint_assess.cli import main

main()
