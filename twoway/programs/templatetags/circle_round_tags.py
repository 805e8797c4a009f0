"""The circles of a circle round, for ``programs/_round_circles.html`` (the round page's view
is shared with pair rounds, so the circles are read here)."""

from __future__ import annotations

from django import template

from twoway.programs.circle_rounds import round_circles as load_round_circles
from twoway.programs.models import Round, RoundCircle

register = template.Library()


@register.simple_tag
def round_circles(round_: Round) -> list[RoundCircle]:
    return load_round_circles(round_)
