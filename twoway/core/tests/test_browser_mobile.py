"""In Chromium on a phone (390 × 844): Priya's sticky header stays one row high, its Menu button
opens and closes the links, and no page she manages from (home, a partnership, a program's
participants, an import report) scrolls sideways, since wide tables scroll inside their own box.
On a desktop (1280 px) the links show as before and there is no Menu button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.core.tests.world import World, build_world
from twoway.programs import imports
from twoway.programs.models import Program

pytestmark = [pytest.mark.browser]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Long addresses and skill lists: the rows that made the report 876 px wide on a phone.
WIDE_CSV = (
    b"email,name,team,teaches,learns\n"
    b"margaret.hamilton-apollo-guidance@software-engineering.example.com,Margaret Hamilton,"
    b"Flight software and onboard guidance,SQL;Figma;Public speaking,Kubernetes;Negotiation\n"
    b"grace.brewster.murray.hopper@compilers-and-languages.example.org,Grace Hopper,"
    b"Compilers and programming languages,COBOL;Teaching,Design systems;Data visualisation\n"
)


@pytest.fixture
def world(transactional_db: None, priya: Any, bob: Any, charlie: Any) -> World:
    return build_world(priya, bob, charlie)


def _sign_in(page: Page, base: str, world: World) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(world.member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("form[action$='/logout/']")).to_have_count(1)


def _scroll_width(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_on_a_phone_priya_opens_the_menu_and_follows_a_link(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server.url, world)
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 64, header
    menu = page.get_by_role("button", name="Menu")
    programs = page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(programs).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(programs).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "mobile-menu-open", tmp_path)
    page.keyboard.press("Escape")
    expect(programs).to_be_hidden()
    expect(menu).to_be_focused()

    menu.click()
    programs.click()
    expect(page).to_have_url(f"{live_server.url}/programs/")


def test_on_a_phone_no_page_scrolls_sideways(
    page: Page, live_server: Any, world: World, tmp_path: Path
) -> None:
    program = Program.objects.get(pk=world.ids["program_id"])
    wide = imports.import_check(
        user=world.member, program=program, filename="wide.csv", data=WIDE_CSV, mapping={}
    )
    base = f"{live_server.url}/programs/{program.pk}"
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server.url, world)
    for path in (
        "/",
        f"/partnerships/{world.ids['partnership_id']}/",
        f"/programs/{program.pk}/",
        f"/programs/{program.pk}/import/{world.ids['import_id']}/",
        f"/programs/{program.pk}/import/{wide.pk}/",
    ):
        assert _scroll_width(page, f"{live_server.url}{path}") <= PHONE["width"], path
    screenshot(page, "mobile-import-report", tmp_path)

    rows = page.get_by_role("region", name="Rows table")
    rows.focus()  # the table scrolls in its own box, which a keyboard can reach
    expect(rows).to_be_focused()
    assert rows.evaluate("box => box.scrollWidth > box.clientWidth")
    page.goto(f"{base}/")
    expect(page.get_by_role("region", name="Participants table")).to_be_visible()


def test_on_a_desktop_the_links_show_and_there_is_no_menu_button(
    page: Page, live_server: Any, world: World
) -> None:
    page.set_viewport_size(DESKTOP)
    _sign_in(page, live_server.url, world)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Partnerships", "Programs", "My profile"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 64, header
    assert _scroll_width(page, f"{live_server.url}/programs/{world.ids['program_id']}/") <= 1280
