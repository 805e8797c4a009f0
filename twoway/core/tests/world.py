"""The rows the API fuzzer and the browser's CSP check work on: Priya (a program manager)
partnered with Bob, with a goal, a session, a learning entry and a level change; Charlie's open
request to her; a program she manages, with an import and a proposed round; her post and her
circle. ``World.path_parameters`` gives an API operation the ids of these rows, so generated
requests reach the services rather than stopping at 404; ``World.pages`` lists the main pages
she sees, each showing some of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from twoway.accounts.models import ApiToken
from twoway.network.circles import circle_create
from twoway.notifications.models import Notification
from twoway.partnerships import goals, learning, requests, services, sessions
from twoway.partnerships.tests.helpers import partner, swap_profiles
from twoway.people.tests.helpers import make_complete
from twoway.posts.tests.helpers import make_post
from twoway.programs import imports, rounds
from twoway.programs.tests.helpers import enrol, program_for

CSV = b"email,name,teaches,learns\nnew@example.com,New Person,SQL,Figma\n"


@dataclass
class World:
    member: Any
    ids: dict[str, Any]
    by_path: dict[str, dict[str, Any]]

    def path_parameters(self, path: str) -> dict[str, Any]:
        return {**self.ids, **self.by_path.get(path.split("/")[2], {})}

    def pages(self) -> list[str]:
        program = f"/programs/{self.ids['program_id']}"
        return [
            "/", f"/people/{self.member.profile.handle}/", "/me/edit/", "/people/",
            f"/people/{self.ids['handle']}/",
            "/suggestions/", "/partnerships/", f"/partnerships/{self.ids['partnership_id']}/",
            "/programs/", f"{program}/", f"{program}/rounds/{self.ids['round_id']}/",
            f"{program}/dashboard/", "/network/", "/circles/", f"/circles/{self.ids['circle_id']}/",
            "/posts/", f"/posts/{self.ids['slug']}/", "/posts/new/", "/notifications/",
            "/accounts/settings/", "/api/docs",
        ]  # fmt: skip


def build_world(priya: Any, bob: Any, charlie: Any) -> World:
    swap_profiles(priya, bob)
    make_complete(charlie, teaches={"Figma": 3}, learns={"SQL": 2})
    partnership = partner(priya, bob)
    asked = requests.request_create(sender=charlie, receiver=priya, message="Shall we swap?")
    session = sessions.session_schedule(
        user=priya,
        partnership=partnership,
        day=date.today() + timedelta(days=3),
        at=time(10),
        tz="Europe/London",
        agenda=["Figma frames"],
    )
    goal = goals.goal_add(user=priya, partnership=partnership, text="Learn Figma frames")
    learning.learning_log(user=priya, partnership=partnership, text="Frames", skills=["Figma"])
    services.level_update(user=priya, skill_text="Figma", level=2, partnership=partnership)
    ids = {
        "handle": bob.profile.handle,
        "skill": "SQL",
        "token_id": ApiToken.objects.issue(user=priya, name="spare")[0].pk,
        "notification_id": Notification.objects.filter(recipient=priya).first().pk,  # type: ignore[union-attr]
        "goal_id": goal.pk,
        "session_id": session.pk,
        "slug": make_post(priya).slug,
        "circle_id": circle_create(user=priya, name="SQL circle", skill="SQL").pk,
        "partnership_id": partnership.pk,
        **_program_ids(priya, [bob, charlie]),
    }
    by_path = {"requests": {"pk": asked.pk}, "partnerships": {"pk": partnership.pk}}
    return World(member=priya, ids=ids, by_path=by_path)


def _program_ids(manager: Any, members: list[Any]) -> dict[str, int]:
    program = program_for(manager, name="Spring cohort")
    enrol(program, [manager, *members])
    batch = imports.import_check(
        user=manager, program=program, filename="people.csv", data=CSV, mapping={}
    )
    round_ = rounds.round_start(user=manager, program=program)
    rounds.round_execute(round_.pk, round_.attempt)
    return {
        "program_id": program.pk,
        "enrolment_id": program.enrolments.order_by("id").last().pk,  # type: ignore[union-attr]
        "import_id": batch.pk,
        "round_id": round_.pk,
    }
