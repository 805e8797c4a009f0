"""Twenty anonymous replies from one email at the same moment store at most the limit (5).

Real threads post the reply form to a live server whose request threads each use their own
database connection, so the limit is checked by parallel transactions (SQLite and PostgreSQL).
"""

from __future__ import annotations

from typing import Any

import pytest

from twoway.core.tests.live import parallel_server, post_form
from twoway.core.tests.race import race
from twoway.posts.models import Comment
from twoway.posts.tests.helpers import make_post, reply_data

__all__ = ["parallel_server"]
pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_parallel_replies_from_jo_store_at_most_five(
    parallel_server: str, alice: Any
) -> None:
    post = make_post(alice)
    url = f"{parallel_server}/posts/{post.slug}/reply/"
    replies = [reply_data(body=f"Thank you, part {n}.") for n in range(20)]
    results = race(*[lambda data=data: post_form(url, data) for data in replies])

    assert sorted({status for status, _ in results}) == [200, 302], results
    assert sum(status == 302 for status, _ in results) == 5
    assert Comment.objects.count() == 5
    assert all("Please wait" in page for status, page in results if status == 200)
