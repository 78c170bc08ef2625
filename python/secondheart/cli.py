"""Command line: ``secondheart --version``, ``secondheart demo``."""

from __future__ import annotations

import argparse
import sys

from . import __version__


def _demo(_args: argparse.Namespace) -> int:
    from .demo import run_demo

    print(run_demo())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secondheart", description=__doc__)
    parser.add_argument("--version", action="version", version=f"secondheart {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("demo", help="analyse bundled example data and print the result").set_defaults(func=_demo)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 1
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
