"""Profile photos: what is accepted, what is stored, who may see it.

Alice uploads photos of herself; Bob is another member, who sees them; a signed-out visitor and
a deactivated account's photo address are refused.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.datastructures import MultiValueDict
from PIL import Image

from twoway.people import photos, services
from twoway.people.forms import PhotoForm
from twoway.people.models import Profile
from twoway.people.tests import photo_files
from twoway.people.tests.helpers import make_complete


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path / "photos"


def upload(data: bytes, name: str = "me.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def form_for(data: bytes, name: str = "me.jpg") -> PhotoForm:
    return PhotoForm(files=MultiValueDict({"photo": [upload(data, name)]}))


def rgb(image: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    red, green, blue = cast(tuple[int, int, int], image.convert("RGB").getpixel(xy))
    return red, green, blue


def stored(profile: Profile, *, thumb: bool = False) -> Image.Image:
    with photos.photo_open(profile.photo, thumb) as opened:
        image = Image.open(opened)
        image.load()
        return image


def give_photo(profile: Profile, data: bytes | None = None) -> Profile:
    prepared = photos.photo_prepare(upload(data or photo_files.png()))
    return services.profile_photo_set(profile=profile, photo=prepared)


# --- What the form accepts --------------------------------------------------------------------


def test_a_phone_photo_is_stored_upright_square_and_without_its_exif_or_gps(alice: Any) -> None:
    form = form_for(photo_files.phone_jpeg())
    assert form.is_valid(), form.errors

    profile = services.profile_photo_set(profile=alice.profile, photo=form.cleaned_data["photo"])

    large, thumb = stored(profile), stored(profile, thumb=True)
    assert (large.format, large.size, thumb.size) == ("WEBP", (256, 256), (64, 64))
    for image in (large, thumb):
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
    raw = b"".join(path.read_bytes() for path in Path(photos.photo_storage().location).iterdir())
    assert b"Phonemaker" not in raw and b"Exif" not in raw
    # Orientation 6 was applied: the left (red) half of the sideways photo is now on top.
    top, bottom = rgb(large, (128, 10)), rgb(large, (128, 245))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_a_gif_renamed_jpg_is_refused_whatever_its_name(alice: Any) -> None:
    form = form_for(photo_files.gif(), "holiday.jpg")
    assert not form.is_valid()
    assert form.errors["photo"] == [photos.NOT_AN_IMAGE]


def test_a_text_file_renamed_jpg_is_refused(alice: Any) -> None:
    form = form_for(b"this is not a picture at all\n" * 20, "me.jpg")
    assert not form.is_valid()
    assert form.errors["photo"] == [photos.NOT_AN_IMAGE]


def test_a_png_named_jpg_is_taken_for_what_its_bytes_are(alice: Any) -> None:
    form = form_for(photo_files.png(), "me.jpg")
    assert form.is_valid(), form.errors


def test_an_image_of_48_megapixels_is_refused_before_it_is_decoded(alice: Any) -> None:
    data = photo_files.huge_png()
    assert len(data) < 100_000  # small on disk: only its declared size gives it away
    form = form_for(data, "big.png")
    assert not form.is_valid()
    assert "8000 × 6000 pixels" in form.errors["photo"][0]
    assert "40 megapixels" in form.errors["photo"][0]


def test_a_file_over_5_mb_is_refused(alice: Any) -> None:
    form = form_for(photo_files.png() + b"\0" * photos.MAX_BYTES, "me.png")
    assert not form.is_valid()
    assert form.errors["photo"] == [photos.TOO_LARGE]


def test_a_damaged_jpeg_is_refused_with_a_clear_error(alice: Any) -> None:
    data = photo_files.phone_jpeg()
    form = form_for(data[: len(data) // 2])
    assert not form.is_valid()
    assert form.errors["photo"] == [photos.UNREADABLE]


def test_a_transparent_png_is_stored_on_white(alice: Any) -> None:
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    profile = give_photo(alice.profile, photo_files._saved(image, "PNG"))
    assert min(rgb(stored(profile), (128, 128))) > 240


# --- The service ------------------------------------------------------------------------------


def test_a_new_photo_gets_a_new_unguessable_name_and_the_old_files_are_deleted(
    alice: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = give_photo(alice.profile).photo
    with django_capture_on_commit_callbacks(execute=True):
        second = give_photo(alice.profile).photo

    assert re.fullmatch(r"[0-9a-f]{32}", second) and second != first
    assert sorted(p.name for p in media.iterdir()) == sorted(photos.file_names(second))
    assert Profile.objects.get(pk=alice.profile.pk).photo == second


def test_removing_the_photo_deletes_its_files_and_says_whether_there_was_one(
    alice: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    give_photo(alice.profile)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.profile_photo_remove(profile=alice.profile) is True
    assert list(media.iterdir()) == []
    assert Profile.objects.get(pk=alice.profile.pk).photo == ""
    assert services.profile_photo_remove(profile=alice.profile) is False


def test_a_deleted_account_takes_its_photo_files_with_it(
    alice: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    give_photo(alice.profile)
    with django_capture_on_commit_callbacks(execute=True):
        alice.delete()
    assert list(media.iterdir()) == []


# --- Pages ------------------------------------------------------------------------------------


def test_the_profile_page_shows_the_photo_beside_the_name_and_initials_without_one(
    client: Client, alice: Any, bob: Any
) -> None:
    client.force_login(bob)
    page = client.get("/people/alice/").content.decode()
    assert '<span class="avatar avatar-large" aria-hidden="true">A</span>' in page

    profile = give_photo(alice.profile)
    page = client.get("/people/alice/").content.decode()
    assert f'src="{profile.photo_url}" alt=""' in page
    assert 'aria-hidden="true">A</span>' not in page


def test_suggestions_show_the_suggested_members_thumbnail(
    client: Client, alice: Any, bob: Any
) -> None:
    make_complete(alice, teaches={"Python": 4}, learns={"Figma": 3})
    bob_profile = give_photo(make_complete(bob, teaches={"Figma": 4}, learns={"Python": 3}))
    client.force_login(alice)
    page = client.get("/suggestions/").content.decode()
    assert f'src="{bob_profile.photo_thumb_url}" alt=""' in page


def test_uploading_on_the_edit_page_saves_the_photo(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post("/me/photo/", {"photo": upload(photo_files.phone_jpeg())})
    assert response.status_code == 302 and response["Location"] == "/me/edit/"
    alice.profile.refresh_from_db()
    assert alice.profile.photo
    assert "Remove photo" in client.get("/me/edit/").content.decode()


def test_a_refused_file_is_explained_on_the_edit_page_and_nothing_changes(
    client: Client, alice: Any
) -> None:
    client.force_login(alice)
    response = client.post("/me/photo/", {"photo": upload(photo_files.gif(), "cat.jpg")})
    assert response.status_code == 200
    assert "This file is not a JPEG, PNG or WebP image." in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.photo == ""


def test_the_remove_photo_button_brings_back_the_initial(client: Client, alice: Any) -> None:
    give_photo(alice.profile)
    client.force_login(alice)
    response = client.post("/me/photo/remove/", follow=True)
    assert "Your photo is removed" in response.content.decode()
    assert '<span class="avatar avatar-large" aria-hidden="true">A</span>' in (
        response.content.decode()
    )


# --- Who may see it ---------------------------------------------------------------------------


def test_signed_in_members_get_the_photo_file(client: Client, alice: Any, bob: Any) -> None:
    profile = give_photo(alice.profile)
    client.force_login(bob)
    for url, size in ((profile.photo_url, 256), (profile.photo_thumb_url, 64)):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert "private" in response["Cache-Control"]
        image = Image.open(io.BytesIO(response.getvalue()))
        assert image.size == (size, size)


def test_a_signed_out_visitor_is_sent_to_log_in_instead_of_seeing_the_photo(
    client: Client, alice: Any
) -> None:
    profile = give_photo(alice.profile)
    response = client.get(profile.photo_url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_replaced_photo_and_a_deactivated_members_photo_are_not_found(
    client: Client, alice: Any, bob: Any, charlie: Any
) -> None:
    old_url = give_photo(alice.profile).photo_url
    give_photo(alice.profile)
    charlie_url = give_photo(charlie.profile).photo_url
    charlie.is_active = False
    charlie.save()
    client.force_login(bob)
    assert client.get(old_url).status_code == 404
    assert client.get(charlie_url).status_code == 404
    assert client.get("/people/photos/" + "0" * 32 + ".webp").status_code == 404


# --- API --------------------------------------------------------------------------------------


def test_the_api_uploads_shows_and_removes_my_photo(client: Client, alice: Any, bob: Any) -> None:
    client.force_login(alice)
    response = client.post("/api/me/photo", {"photo": upload(photo_files.phone_jpeg())})
    assert response.status_code == 200
    body = response.json()
    alice.profile.refresh_from_db()
    assert body["photo_url"] == alice.profile.photo_url
    assert body["photo_thumb_url"] == alice.profile.photo_thumb_url

    client.force_login(bob)
    assert client.get("/api/profiles/alice").json()["photo_url"] == alice.profile.photo_url

    client.force_login(alice)
    assert client.delete("/api/me/photo").status_code == 204
    assert client.get("/api/me").json()["photo_url"] is None


def test_the_api_refuses_a_file_that_is_not_an_image_naming_the_field(
    client: Client, alice: Any
) -> None:
    client.force_login(alice)
    response = client.post("/api/me/photo", {"photo": upload(b"GIF89a not really", "x.jpg")})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "photo", "message": photos.NOT_AN_IMAGE}
    ]
