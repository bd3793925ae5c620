"""Allow ``python -m pipeline`` as an alias of the ``lessonpack`` command."""

from pipeline.cli import main

main()
