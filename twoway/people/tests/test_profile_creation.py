from typing import Any

from twoway.people.models import Profile


def test_every_new_member_gets_a_profile_named_after_their_sign_up_name(alice: Any) -> None:
    profile = Profile.objects.get(user=alice)
    assert profile.display_name == "Alice"
    assert profile.handle == "alice"


def test_handles_stay_unique_and_never_use_the_email(make_user: Any) -> None:
    first = make_user("sam.one@example.com", first_name="Sam")
    second = make_user("sam.two@example.com", first_name="Sam")
    nameless = make_user("private.person@example.com")
    assert first.profile.handle == "sam"
    assert second.profile.handle == "sam-2"
    assert "private" not in nameless.profile.handle
