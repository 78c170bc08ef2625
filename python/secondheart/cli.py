"""Command line: ``secondheart demo``, ``secondheart analyze FILE``, ``secondheart --version``."""

from __future__ import annotations

import argparse
import sys

from . import __version__


def _demo(_args: argparse.Namespace) -> int:
    from .demo import run_demo

    print(run_demo())
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from . import _core
    from .analysis import analyze

    subject = None if args.body_mass_kg is None else _core.SubjectInfo(body_mass_kg=args.body_mass_kg)
    analysis = analyze(args.file, format=args.format, subject=subject)
    print(analysis.report())
    if args.json:
        analysis.to_json(args.json)
        print(f"\nJSON written to {args.json}")
    if args.csv:
        analysis.cycles.to_csv(args.csv, index=False)
        print(f"per-cycle table written to {args.csv}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secondheart", description=__doc__)
    parser.add_argument("--version", action="version", version=f"secondheart {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("demo", help="analyse the bundled example recordings and print the result").set_defaults(
        func=_demo
    )
    analyze_parser = commands.add_parser("analyze", help="analyse one recording")
    analyze_parser.add_argument("file")
    analyze_parser.add_argument("--format", choices=["gaitpdb", "moticon", "movingreality", "gaitmap", "voisard"])
    analyze_parser.add_argument("--body-mass-kg", type=float, default=None)
    analyze_parser.add_argument("--json", help="write the JSON report here")
    analyze_parser.add_argument("--csv", help="write the per-cycle table here")
    analyze_parser.set_defaults(func=_analyze)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 1
    from ._core import FormatError, InvalidArgumentError

    try:
        return int(args.func(args))
    except (FormatError, InvalidArgumentError, FileNotFoundError) as error:
        print(f"secondheart: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
