"""Background work for notifications, run by `twoway db_worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from twoway.core.i18n import speaking_to
from twoway.notifications.models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient, in their language and time zone; returns False
    when there was nothing to send.

    Safe to run twice: the notification is claimed (``emailed_at`` set) before sending, so a
    repeated task finds it already claimed and sends nothing.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True, recipient__is_active=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "settings_url": settings.SITE_URL + "/notifications/settings/",
        "site_name": settings.SITE_NAME,
    }
    with speaking_to(notification.recipient):
        message = render_to_string("notifications/email.txt", context)
    try:
        send_mail(
            subject=notification.title,
            message=message,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        # Unclaim so a later retry can send it.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


@task()
def run_periodic_jobs() -> list[str]:
    """Run the due periodic jobs, then queue the next tick (see :mod:`twoway.core.scheduler`)."""
    from twoway.core import scheduler

    try:
        return scheduler.run_due_jobs()
    finally:
        scheduler.schedule_tick(run_after=scheduler.next_tick_at())
