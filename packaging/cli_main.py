"""Entry script of the bundled command line (``classgroup-cli``).

``classgroup-cli --self-test`` runs the same self-test as the GUI executable, with a console to
print to (the Windows GUI executable has none).
"""

import sys

if __name__ == "__main__":
    if "--self-test" in sys.argv[1:]:
        from classgroup_desktop.selftest import run_self_test

        sys.exit(run_self_test())
    from classgroup_desktop.cli.main import main

    sys.exit(main())
