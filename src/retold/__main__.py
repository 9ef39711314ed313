"""`python -m retold` runs the `retold` command."""
from retold.cli import main

raise SystemExit(main())
