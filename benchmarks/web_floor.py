"""The floor of a signed-in page, for ``web_queries.py --floor``: a URLconf holding the site's
own URLs plus ``/_floor/``, which renders base.html with its blocks empty. What that page costs
(queries, time, profile) is what every page pays before its own content: the middleware stack,
the session and the member, the context processors and the top bar."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [
    path("_floor/", floor),
    path("", include("twoway.urls")),
]
