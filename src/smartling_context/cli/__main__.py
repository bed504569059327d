"""`python -m smartling_context.cli`: the same as the `smartling-context` command."""

import sys

from smartling_context.cli import main

sys.exit(main())
