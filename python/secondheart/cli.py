"""Command line: ``secondheart demo``, ``secondheart analyze FILE``, ``secondheart compare A B``,
``secondheart batch PATHS... --out DIR``, ``secondheart --version``."""

from __future__ import annotations

import argparse
import functools
import sys

from . import __version__


def _demo(_args: argparse.Namespace) -> int:
    from .demo import run_demo

    print(run_demo())
    return 0


def _config(args: argparse.Namespace):
    from . import _core
    from .assess import load_norms

    config = _core.Config()
    if args.norms:
        assess = config.assess
        assess.norms = load_norms(args.norms)
        config.assess = assess
    return config


def _analyze(args: argparse.Namespace) -> int:
    from . import _core
    from .analysis import analyze

    if args.stream:  # a long file in blocks, strides only (docs/long_files.md)
        from .long_files import analyze_file_streaming

        print(analyze_file_streaming(args.file).report())
        return 0

    subject = None if args.body_mass_kg is None else _core.SubjectInfo(body_mass_kg=args.body_mass_kg)
    analysis = analyze(args.file, format=args.format, subject=subject, config=_config(args))
    print(analysis.report())
    if args.plot:
        analysis.plot(args.plot)
        print(f"\nfigure written to {args.plot}")
    if args.plot_day:
        if analysis.activity is None:
            print("\nno day figure: the activity stage was disabled")
        else:
            analysis.plot_day(args.plot_day)
            print(f"\nday figure written to {args.plot_day}")
    if args.json:
        analysis.to_json(args.json)
        print(f"\nJSON written to {args.json}")
    if args.csv:
        analysis.cycles.to_csv(args.csv, index=False)
        print(f"per-cycle table written to {args.csv}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from . import _core
    from .analysis import analyze
    from .assess import compare

    subject = None if args.body_mass_kg is None else _core.SubjectInfo(body_mass_kg=args.body_mass_kg)
    config = _config(args)
    before = analyze(args.before, format=args.format, subject=subject, config=config)
    after = analyze(args.after, format=args.format, subject=subject, config=config)
    table = compare(before, after, norms=config.assess.norms)
    print(f"before: {before.core.session_name}\nafter:  {after.core.session_name}")
    print("change of push-off (gait mechanics, not a diagnosis); MDC = minimal detectable change (95 %):")
    for source, text in table.attrs["summary"].items():
        print(f"  {source}: {text}")
    with pd_options():
        print()
        print(table.drop(columns=["n_before", "n_after"]).to_string(index=False, float_format=lambda x: f"{x:.3g}"))
    if args.csv:
        table.to_csv(args.csv, index=False)
        print(f"\ncomparison table written to {args.csv}")
    return 0


def batch_config(norms: str | None):
    """The Config of ``secondheart batch``, built in each worker (a Config does not pickle)."""
    from . import _core
    from .assess import load_norms

    config = _core.Config()
    if norms:
        assess = config.assess
        assess.norms = load_norms(norms)
        config.assess = assess
    return config


def _batch(args: argparse.Namespace) -> int:
    from . import _core
    from .batch import batch

    if args.workers is not None and args.workers < 1:
        raise SystemExit(f"secondheart batch: expected --workers >= 1, got {args.workers}")
    if args.scheduler is not None and args.workers is not None:
        raise SystemExit("secondheart batch: --workers sizes the local cluster; with --scheduler, start workers there")
    if args.norms:
        _core.load_norms(args.norms)  # a bad norms file is one error here, not one per recording
    options = {"config": functools.partial(batch_config, args.norms)}
    if args.body_mass_kg is not None:
        options["subject"] = functools.partial(_core.SubjectInfo, body_mass_kg=args.body_mass_kg)
    result = batch(args.paths, out=args.out, scheduler=args.scheduler, workers=args.workers,
                   progress=not args.no_progress, format=args.format, **options)
    for row in result.errors.itertuples():
        print(f"secondheart: {row.recording}: {row.error_type}: {row.message}", file=sys.stderr)
    print(f"analysed {result.n_ok} of {len(result.recordings)} recordings ({result.n_failed} failed); "
          f"tables written to {args.out}:")
    for name, table in result.tables.items():
        print(f"  {name}.parquet: {len(table)} rows")
    # Failed files are data (the errors table); only a batch where nothing was analysed is an error.
    return 0 if result.n_ok > 0 else 2


def pd_options():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_columns", 20)


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
    analyze_parser.add_argument("--plot", help="write a figure (PNG, PDF, SVG) here")
    analyze_parser.add_argument("--plot-day", help="write the day figure (walking per clock hour, still periods, "
                                "exercise sets) here")
    analyze_parser.add_argument("--norms", help="norms JSON to assess against (default: the built-in norms)")
    analyze_parser.add_argument("--stream", action="store_true", help="read a MovingReality-style IMU CSV in blocks "
                                "and stream its foot IMUs: strides and their summary in constant memory (long files)")
    analyze_parser.set_defaults(func=_analyze)
    compare_parser = commands.add_parser("compare", help="compare two sessions of one person: did push-off change?")
    compare_parser.add_argument("before")
    compare_parser.add_argument("after")
    compare_parser.add_argument("--format", choices=["gaitpdb", "moticon", "movingreality", "gaitmap", "voisard"])
    compare_parser.add_argument("--body-mass-kg", type=float, default=None)
    compare_parser.add_argument("--norms", help="norms JSON (default: the built-in norms)")
    compare_parser.add_argument("--csv", help="write the comparison table here")
    compare_parser.set_defaults(func=_compare)
    batch_parser = commands.add_parser(
        "batch", help="analyse many recordings on Dask and write one Parquet table per level",
        description="Analyse many recordings in parallel (a local Dask cluster, or a running scheduler) and "
        "write cycles, summary, flags, events, assessment and activity tables over all of them, each with a "
        "'recording' column, plus errors.parquet (one row per file that failed) and recordings.parquet. "
        "Exit status 0 when at least one recording was analysed, 2 when none was.")
    batch_parser.add_argument("paths", nargs="+", metavar="PATH", help="recordings (any format 'analyze' reads)")
    batch_parser.add_argument("--out", required=True, metavar="DIR", help="folder for the Parquet tables")
    batch_parser.add_argument("--scheduler", metavar="ADDR", help="address of a running Dask scheduler "
                              "(default: start a local cluster)")
    batch_parser.add_argument("--workers", type=int, metavar="N", help="worker processes of the local cluster "
                              "(default: one per core)")
    batch_parser.add_argument("--format", choices=["gaitpdb", "moticon", "movingreality", "gaitmap", "voisard"])
    batch_parser.add_argument("--body-mass-kg", type=float, default=None, help="the same for every recording")
    batch_parser.add_argument("--norms", help="norms JSON to assess against (default: the built-in norms)")
    batch_parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch_parser.set_defaults(func=_batch)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 1
    from ._core import FormatError, InvalidArgumentError

    try:
        return int(args.func(args))
    except (FormatError, InvalidArgumentError, OSError) as error:
        # The documented errors, and the system's (no such file, permission denied): one line each,
        # naming the file (an error of the analysis, e.g. units that look like g, has no file of its own).
        message = str(error)
        file = getattr(args, "file", None)
        if file and file not in message:
            message = f"{file}: {message}"
        print(f"secondheart: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
