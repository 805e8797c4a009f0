"""Profile photos: checked with Pillow, cleaned, cropped square and stored under an unguessable key.

An upload is trusted for nothing: its type is what Pillow finds in its bytes (JPEG, PNG or WebP,
whatever the file is called), its size and its pixel count are capped before anything is decoded
(a small file can declare a huge image: a decompression bomb), and what we store is a new image
drawn from its pixels only, so no EXIF (camera, GPS position), comment or colour profile survives.
The camera's orientation is applied first, so a phone photo stands the right way up.

Files live in ``<MEDIA_ROOT>/photos/``: ``<key>.webp`` (256 px) and ``<key>-64.webp`` (64 px).
They are served by ``people.views.photo`` to signed-in members, like the profile itself.
See docs/people.md, "Profile photos".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZE, THUMB_SIZE = 256, 64
FORMATS = ("JPEG", "PNG", "WEBP")
# A square crop of a portrait keeps a little more of the top, where faces usually are.
CENTERING = (0.5, 0.4)
WEBP_QUALITY = 85

TOO_LARGE = _("The photo is over 5 MB. Pick a smaller one, or save it at a lower quality.")
NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. Pick a photo in one of these formats."
)
TOO_MANY_PIXELS = _(
    "The photo is %(width)s × %(height)s pixels; the largest we take is 40 megapixels. "
    "Pick a smaller image."
)
UNREADABLE = _("We couldn't read this image; the file may be damaged. Try another one.")


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked, cleaned photo, ready to store: WebP bytes at 256 px and 64 px."""

    large: bytes
    thumb: bytes


def photo_prepare(upload: IO[bytes]) -> PreparedPhoto:
    """Check an uploaded file and turn it into a clean square photo.

    Raises ValidationError (codes ``photo_too_large``, ``photo_not_an_image``,
    ``photo_too_many_pixels``, ``photo_unreadable``) with words a member can act on.
    """
    if _size_of(upload) > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="photo_too_large")
    upload.seek(0)
    try:
        with Image.open(upload, formats=FORMATS) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    TOO_MANY_PIXELS,
                    code="photo_too_many_pixels",
                    params={"width": width, "height": height},
                )
            return _clean(image)
    except UnidentifiedImageError:
        raise ValidationError(NOT_AN_IMAGE, code="photo_not_an_image") from None
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise ValidationError(UNREADABLE, code="photo_unreadable") from None


def _size_of(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, io.SEEK_END)
    return upload.tell()


def _clean(image: Image.Image) -> PreparedPhoto:
    upright = ImageOps.exif_transpose(image) or image
    square = ImageOps.fit(
        _on_white(upright), (SIZE, SIZE), Image.Resampling.LANCZOS, centering=CENTERING
    )
    thumb = square.resize((THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
    return PreparedPhoto(large=_webp(square), thumb=_webp(thumb))


def _on_white(image: Image.Image) -> Image.Image:
    """RGB pixels; a transparent background becomes white (photos are shown on white cards)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _webp(image: Image.Image) -> bytes:
    # A new image holds the pixels and nothing else: no EXIF, XMP, ICC profile or comment.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


# --- Storage ----------------------------------------------------------------------------------


def photo_storage() -> FileSystemStorage:
    """``<MEDIA_ROOT>/photos/`` (settings: ``media/`` beside the code unless set)."""
    root = settings.MEDIA_ROOT
    return FileSystemStorage(location=Path(root) / "photos", file_permissions_mode=0o644)


def file_names(key: str) -> tuple[str, str]:
    """The two files of the photo with this key: 256 px, then 64 px."""
    return f"{key}.webp", f"{key}-64.webp"


def photo_store(key: str, photo: PreparedPhoto) -> None:
    storage = photo_storage()
    for name, data in zip(file_names(key), (photo.large, photo.thumb), strict=True):
        storage.save(name, ContentFile(data))


def photo_delete(key: str) -> None:
    """Remove a photo's files (nothing happens for an empty key or files already gone)."""
    if not key:
        return
    storage = photo_storage()
    for name in file_names(key):
        storage.delete(name)


def photo_open(key: str, thumb: bool) -> Any:
    """The stored file, opened for reading; FileNotFoundError when it is gone."""
    return photo_storage().open(file_names(key)[1 if thumb else 0], "rb")
