"""``python -m graphae``."""

import sys

from graphae.cli import main

if __name__ == "__main__":
    sys.exit(main())
