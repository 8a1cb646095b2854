"""Allow ``python -m geotag``."""

from geotag.cli import main

raise SystemExit(main())
