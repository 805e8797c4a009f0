"""A member who erases their own account leaves their directory too: the link (their
userName, emails and names as the directory sent them) goes with the rest of what was theirs.
If the directory still assigns them, it provisions a fresh account on its next cycle."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from twoway.privacy.models import Erasure
from twoway.provisioning.models import DirectoryMember


@receiver(post_save, sender=Erasure, dispatch_uid="provisioning_unlink_erased")
def _unlink_erased(sender: Any, instance: Erasure, created: bool, **kwargs: Any) -> None:
    if created:
        DirectoryMember.objects.filter(user_id=instance.user_id).delete()
