"""The daily retention job: for each kind, rows older than the setting go and recent ones stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from twoway.audit.models import AuditEvent
from twoway.audit.services import record
from twoway.core import scheduler
from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify
from twoway.partnerships.learning import learning_log
from twoway.partnerships.models import AgendaItem, LearningEntry, Partnership, Request
from twoway.partnerships.services import partnership_end
from twoway.partnerships.tests.helpers import partner, swap_profiles
from twoway.posts.models import Comment, Post
from twoway.privacy.models import DataExport
from twoway.privacy.retention import retention_run
from twoway.privacy.services import data_export_build, data_export_request

NOW = timezone.now()
LONG_AGO = NOW - timedelta(days=800)
LATELY = NOW - timedelta(days=2)


def _ended_partnership(a: Any, b: Any, ended_at: datetime) -> Partnership:
    swap_profiles(a, b)
    partnership = partner(a, b)
    learning_log(user=a, partnership=partnership, text="Window functions")
    session = partnership.sessions.create(starts_at=NOW, created_by=a)
    AgendaItem.objects.create(session=session, author=a, text="Plan the next step")
    partnership_end(user=a, partnership=partnership)
    Partnership.objects.filter(pk=partnership.pk).update(ended_at=ended_at)
    return partnership


def test_ended_partnerships_lose_their_notes_after_two_years(
    ana: Any, bo: Any, cy: Any, make_user: Any
) -> None:
    old = _ended_partnership(ana, bo, LONG_AGO)
    recent = _ended_partnership(cy, make_user("dee@example.com"), LATELY)
    removed = retention_run(now=NOW)
    assert removed["partnership_notes"] == 2
    assert not LearningEntry.objects.filter(partnership=old).exists()
    assert not AgendaItem.objects.filter(session__partnership=old).exists()
    assert Partnership.objects.filter(pk=old.pk).exists()  # the record itself stays
    assert LearningEntry.objects.filter(partnership=recent).count() == 1
    assert AgendaItem.objects.filter(session__partnership=recent).count() == 1


def test_an_active_partnership_keeps_its_notes_however_old(ana: Any, bo: Any) -> None:
    swap_profiles(ana, bo)
    partnership = partner(ana, bo)
    learning_log(user=ana, partnership=partnership, text="Window functions")
    LearningEntry.objects.update(created_at=LONG_AGO)
    assert retention_run(now=NOW)["partnership_notes"] == 0
    assert LearningEntry.objects.filter(partnership=partnership).exists()


def _request(sender: Any, receiver: Any, status: str, answered_at: datetime) -> Request:
    return Request.objects.create(
        sender=sender, receiver=receiver, message="Swap?", status=status, answered_at=answered_at
    )


def test_declined_requests_go_after_six_months(ana: Any, bo: Any, cy: Any) -> None:
    old = _request(ana, bo, Request.Status.DECLINED, NOW - timedelta(days=200))
    withdrawn = _request(ana, cy, Request.Status.WITHDRAWN, NOW - timedelta(days=200))
    recent = _request(bo, cy, Request.Status.DECLINED, LATELY)
    assert retention_run(now=NOW)["declined_requests"] == 2
    remaining = set(Request.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk}
    assert old.pk not in remaining and withdrawn.pk not in remaining


def test_an_accepted_request_stays_with_its_partnership(ana: Any, bo: Any) -> None:
    swap_profiles(ana, bo)
    partner(ana, bo)
    Request.objects.update(answered_at=LONG_AGO, created_at=LONG_AGO)
    assert retention_run(now=NOW)["declined_requests"] == 0
    assert Request.objects.filter(status=Request.Status.ACCEPTED).exists()


def _comment(post: Post, status: str, created_at: datetime) -> Comment:
    return Comment.objects.create(
        post=post, name="Spammy", email="spam@example.net", body="Cheap pills", status=status,
        created_at=created_at,
    )  # fmt: skip


def test_held_spam_goes_after_a_month_and_published_replies_stay(ana: Any) -> None:
    post = Post.objects.create(author=ana, title="Pairing", body="Rotate.", status="published")
    old_spam = _comment(post, Comment.Status.SPAM, NOW - timedelta(days=40))
    new_spam = _comment(post, Comment.Status.SPAM, LATELY)
    old_reply = _comment(post, Comment.Status.PUBLISHED, LONG_AGO)
    assert retention_run(now=NOW)["spam_comments"] == 1
    kept = set(Comment.objects.values_list("pk", flat=True))
    assert kept == {new_spam.pk, old_reply.pk}
    assert old_spam.pk not in kept


def test_notifications_go_after_a_year(ana: Any) -> None:
    old = notify(recipient=ana, kind=Kind.OTHER, title="Old news")
    new = notify(recipient=ana, kind=Kind.OTHER, title="News")
    assert old is not None and new is not None
    Notification.objects.filter(pk=old.pk).update(created_at=NOW - timedelta(days=400))
    assert retention_run(now=NOW)["notifications"] == 1
    assert list(Notification.objects.values_list("title", flat=True)) == ["News"]


def test_audit_entries_go_after_their_setting(ana: Any, settings: Any) -> None:
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    record("data.export", actor=ana, target=ana)
    record("data.export", actor=ana, target=ana)
    first = AuditEvent.objects.earliest("id")
    AuditEvent.objects.filter(pk=first.pk).update(created_at=NOW - timedelta(days=31))
    assert retention_run(now=NOW)["audit_entries"] == 1
    assert not AuditEvent.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(action="data.export").count() == 1
    assert AuditEvent.objects.filter(action="retention.run").count() == 1  # the run itself


def test_expired_exports_go_with_their_files(ana: Any, bo: Any, media: Any) -> None:
    expired, fresh = data_export_request(user=ana), data_export_request(user=bo)
    assert data_export_build(expired.pk) and data_export_build(fresh.pk)
    expired.refresh_from_db()
    DataExport.objects.filter(pk=expired.pk).update(expires_at=NOW - timedelta(minutes=1))
    assert default_storage.exists(expired.file_name)
    assert retention_run(now=NOW)["expired_exports"] == 1
    assert not default_storage.exists(expired.file_name)
    assert list(DataExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert default_storage.exists(DataExport.objects.get().file_name)


def test_a_stuck_export_goes_once_its_time_has_passed(ana: Any) -> None:
    stuck = data_export_request(user=ana)
    DataExport.objects.filter(pk=stuck.pk).update(requested_at=NOW - timedelta(hours=49))
    assert retention_run(now=NOW)["expired_exports"] == 1
    assert not DataExport.objects.exists()


def test_zero_keeps_a_kind_forever(ana: Any, settings: Any) -> None:
    settings.RETENTION_NOTIFICATIONS_DAYS = 0
    old = notify(recipient=ana, kind=Kind.OTHER, title="Old news")
    assert old is not None
    Notification.objects.filter(pk=old.pk).update(created_at=LONG_AGO)
    assert retention_run(now=NOW)["notifications"] == 0
    assert Notification.objects.filter(pk=old.pk).exists()


def test_the_job_is_registered_with_the_scheduler_and_runs_daily(ana: Any) -> None:
    job = scheduler.registered_jobs()["privacy.retention"]
    assert job.every == timedelta(days=1)
    old = notify(recipient=ana, kind=Kind.OTHER, title="Old news")
    assert old is not None
    Notification.objects.filter(pk=old.pk).update(created_at=LONG_AGO)
    assert "privacy.retention" in scheduler.run_due_jobs(now=NOW)
    assert not Notification.objects.filter(pk=old.pk).exists()
