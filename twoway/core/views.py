from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from twoway.core.home import home_for


def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the marketing page; signed-in members their own home."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html")
    return render(request, "core/member_home.html", {"home": home_for(user=request.user)})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
