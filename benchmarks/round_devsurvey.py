"""A program's round over survey rows imported from a spreadsheet, against ``twoway match``.

The people are the first ``--people`` rows (default 10,000) of the Stack Overflow Developer
Survey 2017 (``shared/data/devsurvey2017.csv``: © Stack Overflow, Open Database License, ODbL
1.0, https://opendatacommons.org/licenses/odbl/1-0/), with ``have`` as what they teach and
``want`` as what they want to learn. The rows are written to a temporary sheet with an invented
address for each respondent (``r<respondent>@survey.example``) and then go two ways:

* **The program.** Priya, a manager, imports the sheet with the real import services
  (``import_check``, then ``import_commit`` and the worker's ``import_execute``, mapping
  teaches=have and learns=want): each row becomes an invitation, and every respondent accepts it
  (that enrols them and resolves their skills through the skills catalogue), as the import page and
  the invitation link do. A row without an account would need a sign-up, and 10,000 sign-ups one at
  a time (a password hash each) would take over an hour. So the accounts are created first in bulk,
  with one shared password hash and the respondent's name as a sign-up would record it; everything
  after that is the import's and the invitation's own code. The round then runs as in
  benchmarks/round_10k.py: ``round_start`` and the real ``db_worker`` (in this process), timed from
  the button to the proposal ready.
* **The command line.** ``twoway match SHEET --column id=respondent --column teaches=have
  --column learns=want -o out.csv`` in a subprocess, timed from launch to exit.

A profile is complete, and so matched by a round, only with a language, which no import column
fills: a round straight after the import finds every participant incomplete and matches nobody.
That round is reported first. Then
every member adds English (what each would do on the profile page; written here in one UPDATE,
the value ``profile_update`` would store), which with the program's "shared language" rule
constrains nobody, as a sheet without a languages column doesn't for the CLI, and the round is
run again. That second round is compared with the CLI: people, matched people, the matched share
of the *able* (teach something and want something they don't teach, see benchmarks/able.py),
total weight and seconds. The database is a temporary SQLite file, or DATABASE_URL when set (its
tables must be empty of benchmark rows).

    .venv/bin/python benchmarks/round_devsurvey.py [--people 10000]

On 2026-12-02 (2 cores, others' jobs running), 10,000 rows; the import took 46 s and its
10,000 welcome notices 297 s of worker time, neither of them timed:

| run | people | matched | able | able matched | share of the able | total weight | seconds |
|---|---|---|---|---|---|---|---|
| program round | 6,932 | 5,718 | 5,853 | 5,718 | 97.69% | 37,823.08 | 3.0 |
| twoway match | 10,000 | 5,714 | 5,853 | 5,714 | 97.63% | 37,840.43 | 3.0 |

Both give the engine the same able people with the same skills; the round leaves out the 3,068
rows without a skill to teach or one to learn, and lists each person's skills by level, then
name, where the sheet lists them as written. The engine breaks ties by position and by that
order: the same 10,000 people fed to ``match`` directly give 5,714; the 6,932 complete ones,
5,724; those with the round's skill order, 5,718, as the round does.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Run as a script, this folder leads sys.path and its coverage.py would shadow the coverage
# package, which numba imports when it is installed: the repository root goes first instead.
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from benchmarks.able import SURVEY, SURVEY_COLUMNS, able_rows  # noqa: E402
from benchmarks.harness import machine_line, table  # noqa: E402
from benchmarks.round_10k import _setup_django  # noqa: E402
from twoway.engine.model import Person  # noqa: E402

TWOWAY = Path(sys.executable).with_name("twoway")
MAPPING = {"email": "email", "teaches": "have", "learns": "want"}


@dataclass(frozen=True)
class Figures:
    """One side's result over the same rows."""

    people: int
    matched: int
    able: int
    able_matched: int
    total_weight: float
    seconds: float

    @property
    def share(self) -> float:
        """The matched share of the able."""
        return self.able_matched / self.able if self.able else float("nan")


def figures(
    people: list[Person], pairs: list[tuple[str, str]], total_weight: float, seconds: float
) -> Figures:
    """Count the matched and the able among ``people`` for pairs of ids."""
    matched = {pid for pair in pairs for pid in pair}
    able = {people[i].id for i in able_rows(people)}
    return Figures(len(people), len(matched), len(able), len(able & matched), total_weight,
                   seconds)  # fmt: skip


def write_sheet(source: Path, count: int, sheet: Path) -> None:
    """The first ``count`` survey rows as a sheet: respondent, email, have, want."""
    with source.open(newline="", encoding="utf-8") as file:
        rows = [row for _, row in zip(range(count), csv.DictReader(file), strict=False)]
    with sheet.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["respondent", "email", "have", "want"])
        writer.writerows(
            [r["respondent"], f"r{r['respondent']}@survey.example", r["have"], r["want"]]
            for r in rows
        )


def create_accounts(sheet: Path) -> Any:
    """Priya and one verified account per row, in bulk (a sign-up would hash each password)."""
    from django.contrib.auth.hashers import make_password

    from twoway.accounts.models import User

    with sheet.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    password = make_password("benchmark-only-password")
    User.objects.bulk_create(
        (User(email=r["email"], username=r["email"], password=password, email_verified=True,
              first_name=f"Respondent {r['respondent']}") for r in rows),
        batch_size=2000,
    )  # fmt: skip
    return User.objects.create_user(email="priya@survey.example", first_name="Priya")


def import_sheet(manager: Any, sheet: Path) -> Any:
    """A new program with the sheet imported through the import page's two services."""
    from twoway.programs.imports import import_check, import_commit, import_execute
    from twoway.programs.models import Program

    program = Program.objects.create(name="Developer survey 2017")
    program.managers.add(manager)
    batch = import_check(
        user=manager, program=program, filename=sheet.name, data=sheet.read_bytes(),
        mapping=MAPPING,
    )  # fmt: skip
    if batch.report["errors"]:
        raise SystemExit(f"The import found problems: {batch.report['errors'][:5]}")
    batch = import_commit(user=manager, program=program, batch_id=batch.pk)
    import_execute(batch.pk, batch.attempt)  # the worker's part, done here
    accept_all(program)
    return program


def accept_all(program: Any) -> None:
    """Every respondent accepts the invitation (an import invites; only acceptance enrols)."""
    from twoway.accounts.models import User
    from twoway.programs.services import invitation_accept, invitation_token

    waiting = list(program.invitations.waiting())
    users = {u.email: u for u in User.objects.filter(email__in=[i.email for i in waiting])}
    for invitation in waiting:
        invitation_accept(token=invitation_token(invitation), user=users[invitation.email])


def add_language(program: Any) -> None:
    """Every participant adds English to their profile (see the module docstring)."""
    from twoway.people.models import Profile

    enrolled = program.enrolments.active().values("user_id")
    Profile.objects.filter(user_id__in=enrolled).update(languages="English")


def round_figures(round_: Any, seconds: float) -> Figures:
    """The round's result among the people its engine run was given."""
    from twoway.programs.rounds import load_cohort

    people = load_cohort(round_.program).people
    pairs = [(str(a), str(b)) for a, b in round_.pairs.values_list("member_low_id",
                                                                  "member_high_id")]  # fmt: skip
    return figures(people, pairs, round_.summary["total_weight"], seconds)


def cli_figures(sheet: Path, folder: Path) -> tuple[Figures, str]:
    """Run ``twoway match`` on the sheet; its figures and the summary it printed."""
    from twoway.engine.io.read import read_people

    command = [str(TWOWAY), "match", str(sheet), "-o", str(folder / "out.csv")]
    command += [f"--column={name}={column}" for name, column in SURVEY_COLUMNS.items()]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"twoway match failed ({done.returncode}):\n{done.stderr}")
    weight = re.search(r"Total weight ([\d,.]+);", done.stderr)
    with (folder / "out.csv").open(newline="", encoding="utf-8") as file:
        pairs = [(row["a_id"], row["b_id"]) for row in csv.DictReader(file)]
    people = read_people(sheet, columns=SURVEY_COLUMNS).people  # as the CLI read them
    total = float(weight.group(1).replace(",", "")) if weight else float("nan")
    return figures(people, pairs, total, seconds), done.stderr.strip()


def row(label: str, f: Figures) -> list[str]:
    return [label, f"{f.people:,}", f"{f.matched:,}", f"{f.able:,}", f"{f.able_matched:,}",
            f"{f.share:.2%}", f"{f.total_weight:,.2f}", f"{f.seconds:.1f}"]  # fmt: skip


def difference(a: Figures, b: Figures) -> list[str]:
    return ["difference (round − CLI)", f"{a.people - b.people:+,}", f"{a.matched - b.matched:+,}",
            f"{a.able - b.able:+,}", f"{a.able_matched - b.able_matched:+,}",
            f"{100 * (a.share - b.share):+.2f} points", f"{a.total_weight - b.total_weight:+,.2f}",
            f"{a.seconds - b.seconds:+.1f}"]  # fmt: skip


HEADERS = ["run", "people", "matched", "able", "able matched", "share of the able",
           "total weight", "seconds"]  # fmt: skip


def timed_round(manager: Any, program: Any) -> tuple[float, Any]:
    """Press "Run a match round" and let the worker run it, as benchmarks/round_10k.py does."""
    from django.db import transaction

    from twoway.programs.models import Round
    from twoway.programs.rounds import round_start

    start = time.perf_counter()
    with transaction.atomic():  # as in a request: the task is enqueued when this commits
        round_ = round_start(user=manager, program=program)
    work()
    return time.perf_counter() - start, Round.objects.get(pk=round_.pk)


def work() -> None:
    """Run every queued task in this process, as ``db_worker`` in a worker process would."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def run_rounds(manager: Any, program: Any) -> Figures:
    """The round straight after the import, then again once everyone has a language."""
    from twoway.programs.rounds import load_cohort

    seconds, round_ = timed_round(manager, program)
    incomplete = len(load_cohort(program).incomplete)
    print(f"Round straight after the import: {round_.status} in {seconds:.1f} s, "
          f"{incomplete:,} participants with an incomplete profile"
          f"{': ' + round_.error if round_.error else ''}")  # fmt: skip
    add_language(program)
    seconds, round_ = timed_round(manager, program)
    if round_.status != round_.Status.PROPOSED:
        raise SystemExit(f"The round did not finish: {round_.status} {round_.error}")
    s = round_.summary
    print(f"Round once every member has added a language: {s['people']:,} people, "
          f"{s['incomplete']:,} incomplete (no skill to teach or none to learn), "
          f"{s['matched_people']:,} matched, solver {s['solver']}, candidates "
          f"{s['candidate_method']}; {seconds:.1f} s from the button to the proposal "
          "ready.")  # fmt: skip
    return round_figures(round_, seconds)


def prepare(sheet: Path) -> Any:
    """Accounts, the import and its welcome notices, each timed for information."""
    begin = time.perf_counter()
    manager = create_accounts(sheet)
    accounts = time.perf_counter()
    program = import_sheet(manager, sheet)
    imported = time.perf_counter()
    work()  # the import's welcome notices go out now, not during the timed round
    print(f"Not timed: {program.enrolments.count():,} accounts in {accounts - begin:.1f} s; "
          f"the import (dry run, then commit) {imported - accounts:.1f} s; its welcome "
          f"notices (a task) {time.perf_counter() - imported:.1f} s.")  # fmt: skip
    return program


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--survey", type=Path, default=SURVEY)
    args = parser.parse_args()
    print(machine_line())
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sheet = folder / "devsurvey2017.csv"
        write_sheet(args.survey, args.people, sheet)
        os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
        _setup_django(name)
        program = prepare(sheet)
        ours = run_rounds(program.managers.get(), program)
        theirs, summary = cli_figures(sheet, folder)
    print(f"twoway match said:\n{summary}")
    rows = [row("program round", ours), row("twoway match", theirs), difference(ours, theirs)]
    print(table(HEADERS, rows))


if __name__ == "__main__":
    main()
