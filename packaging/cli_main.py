"""Entry script of the bundled command line (``classgroup-cli``)."""

import sys

from classgroup_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
