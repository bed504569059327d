#!/usr/bin/env python3
"""Container entry point: GitHub runs this; all work happens in the package."""

import sys

from smartling_context.github.action import main

if __name__ == "__main__":
    sys.exit(main())
