"""``twoway match``: match the people in a spreadsheet and write the pairs, without Django.

Exit codes: 0 when the pairs were written; 2 when the input or the command needs fixing (every
problem is listed on stderr with its row and column, and nothing is written); 1 when writing the
output failed; 130 when interrupted (Ctrl-C), with nothing written. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from twoway.engine.i18n import gettext as _
from twoway.engine.i18n import gettext_noop, ngettext
from twoway.engine.io import (
    CONTRACT_COLUMNS,
    InputError,
    PeopleFile,
    read_people,
    split_columns,
    write_csv,
    write_json,
)
from twoway.engine.model import MatchConfig, MatchResult, Summary
from twoway.engine.progress import Progress, choose_style
from twoway.engine.stable import PROOF_LIMIT

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

# The summary's words per reason code (translated where printed: engine/i18n.py).
REASONS = {
    "nobody_teaches_their_wants": gettext_noop("nobody teaches what they want"),
    "nobody_wants_their_skills": gettext_noop("nobody wants what they teach"),
    "no_two_way_partner": gettext_noop("no partner with learning both ways"),
    "constraints": gettext_noop("ruled out by constraints"),
    "capacity": gettext_noop(
        "everyone who fits them is taken by a partner they score at least as high"
    ),
    "traded_off": gettext_noop(
        "everyone who fits them is taken (pairing them would break a pair worth more)"
    ),
}

DESCRIPTION = gettext_noop("""\
Match the people in a CSV or XLSX file into pairs where learning flows both ways, and write the
pairs and the unmatched people (each with a reason).

The file needs one row per person with the columns id, teaches and learns. teaches lists skills
as skill[:level] separated by ';' (level 1-5, default 3); learns lists skill[:priority] (priority
1-3, default 2). Optional columns: name, email, capacity, role (either|mentor|mentee), group,
timezone (Europe/Paris or UTC+5:30) and languages (separated by ';').
""")

EPILOG = gettext_noop("""\
examples:
  twoway match people.csv -o pairs.csv
  twoway match survey.csv --column id=respondent --column teaches=have --column learns=want \\
      -o pairs.csv
  twoway match survey2017.csv --column id=Respondent \\
      --column teaches=HaveWorkedLanguage,HaveWorkedFramework \\
      --column learns=WantWorkLanguage,WantWorkFramework -o pairs.csv
  twoway match team.xlsx --mode mentor-mentee --exclude-same group -o pairs.json

exit codes: 0 written, 2 the input or the command needs fixing (nothing written), 1 writing failed,
130 interrupted (nothing written).
See docs/cli.md for the whole input contract and the output columns.
""")


def build_parser() -> argparse.ArgumentParser:
    """The ``twoway match`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="twoway match",
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    people = _("the people file (.csv/.xlsx)")
    parser.add_argument("people", type=Path, metavar="PEOPLE", help=people)
    for flags, options in _options():
        parser.add_argument(*flags, **options)
    return parser


def _options() -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    top_k = MatchConfig().top_k
    return [
        (("-o", "--output"), {"type": Path, "required": True, "metavar": "PAIRS",
            "help": _("where to write the pairs (.csv, or .json for one JSON document)")}),
        (("--unmatched",), {"type": Path, "metavar": "FILE",
            "help": _(
                "where to write the unmatched people (default: PAIRS stem + .unmatched.csv)"
            )}),
        (("--format",), {"choices": ["csv", "json"],
            "help": _("output format (default: json when PAIRS ends in .json, else csv)")}),
        (("--column",), {"action": "append", "default": [], "metavar": "CONTRACT=COLUMN",
            "help": _("read a contract column from the file's own column, e.g. teaches=have; "
            "repeat for each column. teaches, learns and languages may join several columns "
            "into one list: teaches=HaveWorkedLanguage,HaveWorkedFramework")}),
        (("--mode",), {"choices": ["peer", "mentor-mentee"], "default": "peer",
            "help": _("peer: both learn (default); mentor-mentee: pairs follow the role column")}),
        (("--objective",), {"choices": ["welfare", "stable"], "default": "welfare",
            "help": _("welfare: the most learning in total (default); stable: no two people who "
            "would both rather be together")}),
        (("--prove-stable",), {"action": "store_true",
            "help": _("stable objective: prove no blocking pair over all pairs at any size "
            "(always done up to %(limit)s people; quadratic above: minutes at 100,000)")
            % {"limit": f"{PROOF_LIMIT:,}"}}),
        (("--capacity",), {"type": _positive, "default": 1, "metavar": "N",
            "help": _(
                "partners per person when the capacity cell is empty or absent (default 1)"
            )}),
        (("--exclude-same",), {"choices": ["group"], "metavar": "group",
            "help": _("never pair two people of the same group")}),
        (("--no-language-rule",), {"action": "store_true",
            "help": _("allow pairs without a shared language")}),
        (("--top-k",), {"type": _positive, "default": top_k, "metavar": "K",
            "help": _("candidates kept per person (default %(k)s)") % {"k": top_k}}),
        (("--seed",), {"type": int, "default": 0, "metavar": "N",
            "help": _("seed for tie-breaking; the same input and seed give the same pairs")}),
        (("--quiet",), {"action": "store_true", "help": _("print only errors")}),
    ]  # fmt: skip


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        message = _("expected a whole number, got %(got)r") % {"got": text}
        raise argparse.ArgumentTypeError(message) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be 1 or more, got %(got)s") % {"got": value})
    return value


@dataclass(slots=True)
class Run:
    """One run's settings, worked out from the arguments before any file is read."""

    people: Path
    output: Path
    unmatched: Path | None
    format: str
    columns: dict[str, str]
    config: MatchConfig
    default_capacity: int
    quiet: bool
    seconds: dict[str, float] = field(default_factory=dict)


class UsageError(Exception):
    """The command line asks for something that can't work; the message says how to fix it."""


def main(argv: Sequence[str] | None = None, *, stderr: TextIO | None = None) -> int:
    """Run ``twoway match`` with ``argv`` (without the ``match`` word); return the exit code."""
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or argparse's own usage message
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        run = plan(args)
        return execute(run, err)
    except UsageError as exc:
        print(_("twoway match: %(problem)s") % {"problem": exc}, file=err)
        return EXIT_BAD_INPUT
    except InputError as exc:
        report_input_error(exc, args.people, err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return interrupted(err)
    except Exception as exc:
        if not raised_by_interrupt(exc):
            raise
        return interrupted(err)


def interrupted(err: TextIO) -> int:
    """Say that Ctrl-C stopped the run (the writes are atomic, so nothing was written)."""
    print(_("twoway match: interrupted; nothing was written"), file=err)
    return EXIT_INTERRUPTED


def raised_by_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` came of a Ctrl-C: a KeyboardInterrupt delivered inside a compiled (numba)
    call surfaces as ``SystemError: ... returned a result with an exception set``, caused by it."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc.__cause__, exc.__context__]
    while pending:
        cause = pending.pop()
        if cause is None or id(cause) in seen:
            continue
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        pending += [cause.__cause__, cause.__context__]
    return False


def plan(args: argparse.Namespace) -> Run:
    """Check the arguments and work out the output paths, before reading anything."""
    output: Path = args.output
    fmt = args.format or ("json" if output.suffix.lower() == ".json" else "csv")
    if args.prove_stable and args.objective != "stable":
        raise UsageError(_("--prove-stable is for --objective stable"))
    if fmt == "json" and args.unmatched:
        raise UsageError(_("--unmatched is for CSV output; JSON output holds the unmatched people"))
    unmatched = None
    if fmt == "csv":
        unmatched = args.unmatched or output.with_name(f"{output.stem}.unmatched.csv")
    check_paths(args.people, [p for p in (output, unmatched) if p is not None])
    config = MatchConfig(
        mode=args.mode,
        objective=args.objective,
        exclude_same_group=args.exclude_same == "group",
        require_shared_language=not args.no_language_rule,
        top_k=args.top_k,
        seed=args.seed,
        prove_stable=args.prove_stable,
    )
    return Run(
        people=args.people,
        output=output,
        unmatched=unmatched,
        format=fmt,
        columns=parse_columns(args.column),
        config=config,
        default_capacity=args.capacity,
        quiet=args.quiet,
    )


def parse_columns(pairs: Sequence[str]) -> dict[str, str]:
    """``["teaches=have", ...]`` → ``{"teaches": "have"}``, refusing unknown contract names.

    teaches, learns and languages may name several columns (``teaches=A,B``), whose cells are
    joined into one list; any other contract name given a comma list is refused.
    """
    columns: dict[str, str] = {}
    for pair in pairs:
        contract, equals, column = (part.strip() for part in pair.partition("="))
        if not (equals and contract and column):
            raise UsageError(
                _("--column takes CONTRACT=COLUMN, e.g. teaches=have; got %(given)r")
                % {"given": pair}
            )
        if contract not in CONTRACT_COLUMNS:
            choices = ", ".join(CONTRACT_COLUMNS)
            raise UsageError(
                _("--column %(given)r: %(contract)r isn't one of %(choices)s")
                % {"given": pair, "contract": contract, "choices": choices}
            )
        try:
            columns[contract] = ",".join(split_columns(contract, column))
        except ValueError as exc:
            raise UsageError(f"--column {pair!r}: {exc}") from None
    return columns


def check_paths(people: Path, outputs: Sequence[Path]) -> None:
    """Refuse a missing input or output folder, and outputs that would overwrite the input."""
    if not people.is_file():
        raise UsageError(_("can't find the people file %(path)r") % {"path": str(people)})
    for output in outputs:
        if not output.parent.is_dir():
            raise UsageError(
                _("the folder %(folder)r for %(name)s doesn't exist")
                % {"folder": str(output.parent), "name": output.name}
            )
        if output.exists() and output.resolve() == people.resolve():
            raise UsageError(
                _("%(path)r is the people file; choose another output name") % {"path": str(output)}
            )
    if len({p.resolve() for p in outputs}) < len(outputs):
        raise UsageError(_("the pairs and unmatched files must be different; change --unmatched"))


def execute(run: Run, err: TextIO) -> int:
    """Read, match, write and summarise one run; returns the exit code."""
    started = time.perf_counter()
    try:
        source = read_people(run.people, columns=run.columns, default_capacity=run.default_capacity)
    except OSError as exc:
        raise UsageError(
            _("can't read %(path)r: %(problem)s")
            % {"path": str(run.people), "problem": exc.strerror or exc}
        ) from exc
    run.seconds["parse"] = time.perf_counter() - started
    if not run.quiet:
        for warning in source.warnings:
            print(_("note: %(warning)s") % {"warning": warning}, file=err)
    result = solve(run, source, err)
    # The JSON summary then holds every stage but the write itself.
    ours = {"parse": run.seconds["parse"], "load": run.seconds["load"]}
    result.summary.stage_seconds = {**ours, **result.summary.stage_seconds}
    written = time.perf_counter()
    try:
        write(run, result, source)
    except OSError as exc:
        print(
            _("twoway match: couldn't write the output: %(problem)s; nothing was written")
            % {"problem": exc},
            file=err,
        )
        return EXIT_FAILED
    run.seconds["write"] = time.perf_counter() - written
    if not run.quiet:
        print_summary(run, result, time.perf_counter() - started, err)
    return EXIT_OK


def solve(run: Run, source: PeopleFile, err: TextIO) -> MatchResult:
    """Call the engine with a progress display suited to where stderr goes."""
    loading = time.perf_counter()
    from twoway.engine.match import match  # numpy, scipy and the kernels load only now

    run.seconds["load"] = time.perf_counter() - loading
    style = choose_style(err, quiet=run.quiet, people=len(source.people))
    progress = Progress(err, style)
    try:
        return match(source.people, run.config, progress=progress)
    except ValueError as exc:  # the engine's word for input it can't match (e.g. bad locks)
        raise UsageError(str(exc)) from exc
    finally:
        progress.finish()


def write(run: Run, result: MatchResult, source: PeopleFile) -> None:
    """Write the result in the chosen format (atomically: all files or none)."""
    if run.format == "json":
        write_json(result, source, run.output)
    else:
        assert run.unmatched is not None
        write_csv(result, source, run.output, run.unmatched)


def report_input_error(error: InputError, path: Path, err: TextIO) -> None:
    """List every problem in the people file, then say that nothing was written."""
    count = len(error.errors)
    shown = f"{count}{'+' if error.capped else ''}"
    heading = ngettext(
        "twoway match: %(path)s has %(count)s problem:",
        "twoway match: %(path)s has %(count)s problems:",
        count,
    )
    print(heading % {"path": path, "count": shown}, file=err)
    for item in error.errors:
        print(f"  {item}", file=err)
    if error.capped:
        stopped = _("(stopped after %(count)s; fix these and run again to see the rest)")
        print("  " + stopped % {"count": count}, file=err)
    print(_("Nothing was written. Fix the file and run again."), file=err)


def _bound_line(s: Summary) -> str:
    """The total and its bound, saying over which pairs the bound is proven."""
    figures = {
        "total": f"{s.total_weight:,.2f}",
        "bound": f"{s.upper_bound:,.2f}",
        "gap": f"{s.gap:.2%}",
    }
    if s.bound_graph == "full":
        return _("Total weight %(total)s; upper bound %(bound)s (gap %(gap)s) over all pairs.") % (
            figures
        )
    return _(
        "Total weight %(total)s; upper bound %(bound)s (gap %(gap)s) over the pairs searched "
        "only; over all pairs at most %(all_bound)s (gap %(all_gap)s: a loose bound from each "
        "person's best conceivable score; the search over all pairs runs where it is affordable)."
    ) % {**figures, "all_bound": f"{s.all_pairs_bound:,.2f}", "all_gap": f"{s.all_pairs_gap:.2%}"}


def _blocking_line(s: Summary) -> str:
    """Blocking pairs, saying over which graph they were counted (it depends on the objective)."""
    count = {"count": f"{s.blocking_pairs:,}"}
    if s.blocking_graph == "full":
        line = _("Blocking pairs: %(count)s over all compatible pairs") % count
    elif s.blocking_graph == "candidates":
        line = _("Blocking pairs: %(count)s among the candidate pairs") % count
    else:
        line = _("Blocking pairs: %(count)s") % count
    if s.repair_edges and s.blocking_graph == "full":
        line += " " + _("(%(count)s pairs from outside the candidates added to get there)") % {
            "count": f"{s.repair_edges:,}"
        }
    if s.solver == "greedy" and s.blocking_graph == "candidates":
        line += " " + _(
            "(stability is proven on all pairs up to %(limit)s people; --prove-stable proves it "
            "at any size)"
        ) % {"limit": f"{PROOF_LIMIT:,}"}
    return line + "."


def print_summary(run: Run, result: MatchResult, total: float, err: TextIO) -> None:
    """The run in a few lines: who was matched, how well, the bound, and where the time went."""
    s = result.summary
    share = s.matched_people / s.people if s.people else 0.0
    lines = [
        _(
            "Matched %(matched)s of %(people)s people (%(share)s) in %(pairs)s pairs: "
            "%(coverage)s of the %(matchable)s who could be matched (someone fits them both ways)."
        )
        % {
            "matched": f"{s.matched_people:,}",
            "people": f"{s.people:,}",
            "share": f"{share:.1%}",
            "pairs": f"{s.pairs:,}",
            "coverage": f"{s.coverage:.1%}",
            "matchable": f"{s.matchable_people:,}",
        },
        _("Mean score %(score)s, mean balance %(balance)s.")
        % {"score": f"{s.mean_score:.3f}", "balance": f"{s.mean_balance:.2f}"},
        _bound_line(s),
        _blocking_line(s),
    ]
    reasons = Counter(item.reason for item in result.unmatched)
    if reasons:
        # "12 nobody teaches what they want": a count, then the reason's words.
        parts = [
            _("%(count)s %(reason)s") % {"count": f"{n:,}", "reason": _(REASONS.get(r, r))}
            for r, n in reasons.most_common()
        ]
        lines.append(_("Unmatched: %(reasons)s.") % {"reasons": "; ".join(parts)})
    stages = {**s.stage_seconds, "write": run.seconds["write"]}
    timing = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())
    lines.append(
        _("Time: %(stages)s; total %(total)s s.") % {"stages": timing, "total": f"{total:.2f}"}
    )
    if run.unmatched:
        wrote = _("Wrote %(pairs)s and %(unmatched)s.")
        lines.append(wrote % {"pairs": run.output, "unmatched": run.unmatched})
    else:
        lines.append(_("Wrote %(pairs)s.") % {"pairs": run.output})
    print("\n".join(lines), file=err)
