"""Images made on the spot for the photo tests: real files, built with Pillow."""

from __future__ import annotations

import io

from PIL import Image

GPS = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}


def phone_jpeg() -> bytes:
    """A 300 × 200 JPEG as a phone saves it sideways: EXIF orientation 6 (turn 90° clockwise to
    view), a camera maker and a GPS position. Its left half is red, its right half blue, so once
    turned upright the top is red and the bottom blue."""
    image = Image.new("RGB", (300, 200), "blue")
    image.paste("red", (0, 0, 150, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "Phonemaker"  # Make
    exif[0x8825] = GPS  # GPSInfo
    return _saved(image, "JPEG", exif=exif.tobytes())


def png(size: tuple[int, int] = (120, 80), colour: str = "green") -> bytes:
    return _saved(Image.new("RGB", size, colour), "PNG")


def gif() -> bytes:
    return _saved(Image.new("P", (40, 40)), "GIF")


def huge_png() -> bytes:
    """A PNG that declares 8000 × 6000 pixels (48 megapixels) in a few kilobytes."""
    return _saved(Image.new("1", (8000, 6000)), "PNG")


def _saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()
