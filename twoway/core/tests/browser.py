"""Helpers for the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page


def screenshot(page: Page, name: str, tmp_path: Path) -> Path:
    """Save a full-page screenshot to $TWOWAY_SCREENSHOT_DIR when set (to look at it), else to the
    test's temporary directory, so every run exercises the same code."""
    folder = Path(os.environ.get("TWOWAY_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
