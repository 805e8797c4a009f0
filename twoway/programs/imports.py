"""Importing participants from a CSV or XLSX file: a dry run first, then all or nothing.

Everyone on the sheet is *invited* (an emailed link), members with an account included: nobody is
enrolled, and so matched, without saying yes, and the report reads the same whatever the address,
so it never tells a manager which addresses have accounts.

A file is refused before it is parsed when it is too big for one import: more than
``IMPORT_MAX_ROWS`` rows, or, for an XLSX file (a zip), members whose declared sizes add up to more
than ``IMPORT_MAX_UNCOMPRESSED_MB`` or one compressed more than ``IMPORT_MAX_COMPRESSION_RATIO``
to 1 (a zip bomb). Python's zipfile never inflates a member past its declared size, so checking
the declared sizes bounds what the reader can be made to inflate.

The commit runs in the worker (:func:`import_execute`): it checks the file again, then writes the
invitations ``IMPORT_CHUNK_ROWS`` at a time, one short transaction each, as *staged* rows nobody
sees, and flips them live in one statement at the end. If anything fails, the staged rows are
deleted: a failed import changes nothing.

The file is read by the engine's reader (:func:`twoway.engine.io.read.read_table`: delimiter
sniffing, byte-order marks, Windows-1252 fallback, XLSX), so a sheet that `twoway match` accepts
is read here the same way; its columns and rows are checked by :mod:`.import_rows`.

The report keeps its problems in English (the worker writes it again, in no reader's language);
:mod:`.import_words` says them in the reader's language when it is shown.
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from twoway.accounts.models import User
from twoway.audit.services import record
from twoway.core.errors import Refused
from twoway.engine.io.read import CellError, InputError, read_table
from twoway.programs.import_rows import COLUMNS, Report, RowChecker, find_columns
from twoway.programs.models import Enrolment, ImportBatch, Invitation, Program
from twoway.programs.services import program_manage
from twoway.programs.worker import Heartbeat, revive, revive_lost

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_BYTES = 5 * MB
# Parts this small are never refused for their ratio: a tiny file can compress very well.
RATIO_FLOOR = MB
# A row of a sheet's XML: <row …>, <row>, <x:row …>, but not <rowBreaks>.
SHEET_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# Seconds the worker rests between chunks. SQLite's waiting writers retry every 100 ms or so: with
# chunks back to back they could miss every moment the lock is free and wait out their timeout.
CHUNK_PAUSE = 0.1


# ---------------------------------------------------------------------------------------------
# Limits, checked before the engine's reader sees the file


def _rows_over(count: int) -> str:
    cap = settings.IMPORT_MAX_ROWS
    if count <= cap:
        return ""
    return (f"the file has more than {cap:,} participant rows, the limit for one import; "
            "split it into smaller files")  # fmt: skip


def _xlsx_refusal(data: bytes) -> str:
    """Why a workbook is refused before it is parsed ("" when it isn't, or isn't a zip: the
    reader then says what is wrong): its declared sizes first, then its rows, counted by
    streaming each sheet's XML without parsing it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    with archive:
        members = archive.infolist()
        refusal = _size_refusal(members)
        if refusal:
            return refusal
        sheets = [m for m in members if m.filename.startswith("xl/worksheets/")]
        try:
            rows = max((_sheet_rows(archive, m) for m in sheets), default=0)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, ValueError,
                NotImplementedError):  # fmt: skip
            return ""  # broken, encrypted or exotic: the reader refuses it with its own words
    return _rows_over(rows - 1)  # the header is a row


def _size_refusal(members: Sequence[zipfile.ZipInfo]) -> str:
    total, cap = sum(m.file_size for m in members), settings.IMPORT_MAX_UNCOMPRESSED_MB
    if total > cap * MB:
        return (f"the workbook unzips to {total / MB:,.0f} MB, over the limit of {cap} MB for "
                "one import; save the sheet as CSV or split it")  # fmt: skip
    ratio_cap = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > ratio_cap:
            return (f"the workbook's part {member.filename} is compressed {ratio:,.0f} to 1, "
                    f"over the limit of {ratio_cap} to 1 (a spreadsheet never is: this looks "
                    "like a zip bomb); save the sheet again as .xlsx or CSV")  # fmt: skip
    return ""


def _sheet_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    """The rows in a sheet's XML, counted in chunks; stops once past the limit."""
    count, tail = 0, b""
    with archive.open(member) as stream:
        for chunk in iter(lambda: stream.read(MB), b""):
            text = tail + chunk
            # A match that lies wholly in the tail was counted with the previous chunk.
            count += sum(1 for m in SHEET_ROW.finditer(text) if m.end() > len(tail))
            if count > settings.IMPORT_MAX_ROWS + 1:
                break
            tail = text[-64:]
    return count


# ---------------------------------------------------------------------------------------------
# Reading and checking


def _read(
    filename: str, data: bytes
) -> tuple[list[str], int, list[tuple[int, list[str]]], list[str]]:
    suffix = Path(filename).suffix.lower()
    refusal = _xlsx_refusal(data) if data.startswith(b"PK") else ""
    if refusal:
        raise InputError([CellError(0, "", refusal)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix if suffix in SUFFIXES else '.csv'}"
        path.write_bytes(data)
        table = read_table(path)
    return table.header, table.header_row, table.rows, table.warnings


def _in_chunks(items: Sequence[str], size: int = 5000) -> Iterator[Sequence[str]]:
    """Slices of ``items``, so no query names more values than a database accepts at once."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _classify(program: Program, rows: list[dict[str, Any]]) -> None:
    """What each good row does: everyone is invited unless already in or invited. Whether an
    address has an account never shows (and an account changes nothing here)."""
    emails = [row["email"] for row in rows]
    enrolled: set[str] = set()
    invited: set[str] = set()
    for part in _in_chunks(emails):
        enrolled.update(
            Enrolment.objects.filter(program=program, user__email__in=part)
            .exclude(status=Enrolment.Status.WITHDRAWN)
            .values_list("user__email", flat=True)
        )
        invited.update(
            Invitation.objects.live()
            .filter(program=program, email__in=part)
            .values_list("email", flat=True)
        )
    for row in rows:
        email = row["email"]
        if email in enrolled:
            row["action"], row["note"] = "already", "already in this program"
        elif email in invited:
            row["action"], row["note"] = "already", "already invited"
        else:
            row["action"], row["note"] = "invite", "invited by email: joins by accepting"


def import_check_data(
    *, program: Program, filename: str, data: bytes, mapping: Mapping[str, str]
) -> Report:
    """The dry run: every problem with its row and column, and what each good row would do.

    The report is written in English whoever runs it (the manager's request or the worker; the
    engine's reader follows the active language), and said in the reader's language when shown
    (:mod:`.import_words`)."""
    with translation.override("en"):
        return _check_data(program=program, filename=filename, data=data, mapping=mapping)


def _check_data(
    *, program: Program, filename: str, data: bytes, mapping: Mapping[str, str]
) -> Report:
    report = Report()
    if len(data) > MAX_BYTES:
        return report.refuse("the file is over 5 MB; split it")
    try:
        header, header_row, rows, warnings = _read(filename, data)
    except InputError as exc:
        report.errors.extend({"row": e.row, "column": e.column, "message": e.message}
                             for e in exc.errors)  # fmt: skip
        return report
    if _rows_over(len(rows)):
        return report.refuse(_rows_over(len(rows)))
    report.warnings.extend(warnings)
    found = find_columns(header, mapping, report)
    if report.errors:
        return report
    checker = RowChecker(header, found, program, report)
    report.rows = [r for r in (checker.check(n, cells) for n, cells in rows) if r is not None]
    if not rows:
        report.refuse("the file has no participants")
    _classify(program, report.rows)
    return report


def import_check(
    *, user: User, program: Program, filename: str, data: bytes, mapping: Mapping[str, str]
) -> ImportBatch:
    """Store an uploaded file and its dry-run report; nothing is imported yet."""
    program = program_manage(user=user, program_id=program.pk)
    clean = {k: str(v) for k, v in mapping.items() if k in COLUMNS and v}
    report = import_check_data(program=program, filename=filename, data=data, mapping=clean)
    return ImportBatch.objects.create(
        program=program,
        uploaded_by=user,
        filename=filename[:200],
        data=data,
        mapping=clean,
        report=report.as_dict(),
    )


# ---------------------------------------------------------------------------------------------
# Committing, in the worker


class ImportFailed(Exception):
    """The file still has problems; ``report`` lists them. Nothing was written."""

    def __init__(self, report: Report) -> None:
        count = len(report.errors)
        super().__init__(
            ngettext(
                "The file has %(count)s problem; nothing was imported.",
                "The file has %(count)s problems; nothing was imported.",
                count,
            )
            % {"count": count}
        )
        self.report = report


class _Stale(Exception):
    """A newer attempt took the batch over: this worker stops writing."""


def import_commit(*, user: User, program: Program, batch_id: int) -> ImportBatch:
    """Queue a checked file for the worker, which imports it all or nothing.

    Raises ImportFailed at once when the dry run found problems, and Refused when the file is
    imported already or another import of this program is on its way. A second click while it
    is queued or running changes nothing. Poll the batch (status, progress) until "committed".
    """
    program = program_manage(user=user, program_id=program.pk)
    with transaction.atomic():
        Program.objects.select_for_update().get(pk=program.pk)  # one import at a time
        batch = ImportBatch.objects.select_for_update().filter(program=program, pk=batch_id).first()
        if batch is None:
            raise Http404(gettext("No such import."))
        if batch.status == ImportBatch.Status.COMMITTED:
            raise Refused(gettext("This file is already imported."), "already_imported")
        if batch.in_progress:
            return batch
        report = Report.from_dict(batch.report)
        if not report.ok:
            raise ImportFailed(report)
        on_its_way = [ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
        if program.imports.filter(status__in=on_its_way).exists():
            raise Refused(
                gettext(
                    "Another import of this program is on its way; try again once it has finished."
                ),
                "import_running",
            )
        record("import.commit", actor=user, target=program, file=batch.filename, batch=batch.pk)
        return _queue(batch)


def _queue(batch: ImportBatch) -> ImportBatch:
    """A new attempt, queued for the worker once the transaction commits. Call inside one."""
    batch.attempt += 1
    batch.status, batch.progress, batch.error = ImportBatch.Status.QUEUED, 0.0, ""
    batch.save(update_fields=["attempt", "status", "progress", "error"])
    batch_id, attempt, task = batch.pk, batch.attempt, _task()
    transaction.on_commit(lambda: task.enqueue(batch_id, attempt))
    return batch


def _task() -> Any:
    from twoway.programs.tasks import run_import

    return run_import


def import_get(*, user: User, program: Program, batch_id: int) -> ImportBatch:
    """An import of a program the member manages; one whose worker died is queued again."""
    program = program_manage(user=user, program_id=program.pk)
    batch = ImportBatch.objects.filter(program=program, pk=batch_id).first()
    if batch is None:
        raise Http404(gettext("No such import."))
    return import_revive(batch)


def import_revive(batch: ImportBatch) -> ImportBatch:
    """Queue an import again as a new attempt if its worker died (no heartbeat for too long).
    The new attempt deletes what the dead one staged, then starts over."""
    return revive(batch, _task(), _queue)


def imports_revive_lost() -> int:
    """Queue again every import whose worker died; returns how many (the periodic job)."""
    lost = ImportBatch.objects.filter(ImportBatch.lost()).defer("data", "report")
    return revive_lost(lost, import_revive)


def import_execute(batch_id: int, attempt: int) -> str:
    """The background work: check the file again, write its invitations in chunks as staged
    rows, then flip them live in one statement. Returns "committed", "failed" or "stale".

    Any failure deletes what this batch staged and marks it failed, so a failed import changes
    nothing. Safe to run twice for one attempt.
    """
    batch = _claim(batch_id, attempt)
    if batch is None:
        return "stale"
    beating = ImportBatch.objects.filter(pk=batch_id, attempt=attempt, status="running")
    with Heartbeat(beating):
        try:
            return _execute(batch, attempt)
        except _Stale:
            return "stale"
        except Exception as exc:  # noqa: BLE001 - any failure is shown to the manager
            logger.exception("Import %s failed", batch_id)
            _undo(batch)
            stopped = f"The import stopped ({exc}); nothing was imported. Try again."
            _finish(batch, attempt, status=ImportBatch.Status.FAILED, error=stopped)
            return "failed"


def _claim(batch_id: int, attempt: int) -> ImportBatch | None:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.attempt != attempt or batch.status != ImportBatch.Status.QUEUED:
            return None
        batch.status, batch.progress = ImportBatch.Status.RUNNING, 0.0
        batch.started_at = batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["status", "progress", "started_at", "heartbeat_at"])
        return batch


def _execute(batch: ImportBatch, attempt: int) -> str:
    _undo(batch)  # what an earlier, dead attempt staged
    program = Program.objects.get(pk=batch.program_id)
    report = import_check_data(program=program, filename=batch.filename,
                               data=bytes(batch.data), mapping=batch.mapping)  # fmt: skip
    if not report.ok:
        _finish(batch, attempt, status=ImportBatch.Status.FAILED, report=report,
                error="The file has problems now; nothing was imported.")  # fmt: skip
        return "failed"
    rows = [row for row in report.rows if row["action"] == "invite"]
    size = max(settings.IMPORT_CHUNK_ROWS, 1)
    for start in range(0, len(rows), size):
        _write_chunk(batch, attempt, rows[start : start + size], (start + size) / len(rows))
        time.sleep(CHUNK_PAUSE)
    _finish(batch, attempt, status=ImportBatch.Status.COMMITTED, report=report)
    return "committed"


def _lock(batch: ImportBatch, attempt: int) -> None:
    """Inside a transaction: hold the batch row, or stop if a newer attempt took it over."""
    rows = ImportBatch.objects.select_for_update().filter(pk=batch.pk, attempt=attempt)
    if not rows.filter(status=ImportBatch.Status.RUNNING).exists():
        raise _Stale


def _write_chunk(
    batch: ImportBatch, attempt: int, rows: list[dict[str, Any]], share: float
) -> None:
    """One short transaction: a chunk of invitations, staged (nobody sees them yet)."""
    invitations = [_invitation(batch, row) for row in rows]  # checked before the lock is taken
    with transaction.atomic():
        _lock(batch, attempt)
        Invitation.objects.bulk_create(invitations)
        ImportBatch.objects.filter(pk=batch.pk).update(
            progress=round(min(share, 1.0) * 0.99, 3), heartbeat_at=timezone.now()
        )


def _invitation(batch: ImportBatch, row: dict[str, Any]) -> Invitation:
    invitation = Invitation(
        program_id=batch.program_id, email=row["email"], name=row["name"], role=row["role"],
        team=row["team"], capacity=row["capacity"], teaches=row["teaches"],
        learns=row["learns"], invited_by_id=batch.uploaded_by_id, batch=batch, staged=True,
    )  # fmt: skip
    invitation.clean_fields(exclude=["program", "invited_by", "batch", "accepted_by"])
    return invitation


def _finish(
    batch: ImportBatch, attempt: int, *, status: str, error: str = "", report: Report | None = None
) -> None:
    """The last transaction: flip the staged invitations live (on success) and record the end."""
    with transaction.atomic():
        try:
            _lock(batch, attempt)
        except _Stale:
            return
        changes: dict[str, Any] = {"status": status, "error": error[:2000]}
        if report is not None:
            changes["report"] = report.as_dict()
        if status == ImportBatch.Status.COMMITTED:
            Invitation.objects.filter(batch=batch, staged=True).update(staged=False)
            changes.update(progress=1.0, committed_at=timezone.now())
            batch_id = batch.pk
            transaction.on_commit(lambda: _announce_later(batch_id))
        ImportBatch.objects.filter(pk=batch.pk).update(**changes)


def _undo(batch: ImportBatch) -> None:
    """Delete the invitations this batch staged, and any left by imports that ended without
    cleaning up, a chunk per transaction."""
    over = ~Q(batch__status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING])
    staged = Invitation.objects.filter(program_id=batch.program_id, staged=True).filter(
        Q(batch=batch) | Q(batch__isnull=True) | over
    )
    size = max(settings.IMPORT_CHUNK_ROWS, 1) * 10
    while ids := list(staged.values_list("pk", flat=True)[:size]):
        with transaction.atomic():
            Invitation.objects.filter(pk__in=ids, staged=True).delete()


def _announce_later(batch_id: int) -> None:
    from twoway.programs.tasks import announce_batch

    announce_batch.enqueue(batch_id)
