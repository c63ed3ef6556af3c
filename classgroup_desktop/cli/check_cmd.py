"""Command group placeholder, filled in by its feature (see cli/main.py)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """No commands yet."""
