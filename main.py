"""Start the 班级群管家 desktop app (``python main.py [--demo] [--screenshot OUT.png --view NAME]``)."""

from classgroup_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
