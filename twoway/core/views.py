import hmac

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_prometheus.exports import ExportToDjangoView
from health_check.checks import Cache, Database
from health_check.views import HealthCheckView

from twoway.core.health import MigrationsApplied, TaskWorkerKeepingUp, WorkerAlive
from twoway.core.home import home_for
from twoway.core.metrics import exposition


def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the marketing page; signed-in members their own home."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html")
    return render(request, "core/member_home.html", {"home": home_for(user=request.user)})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and reaches its database. Cheap enough to poll often."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Readiness (docs/deploy.md): 200 when the database and cache answer and every migration is
# applied, 500 naming the failing check otherwise. JSON with ?format=json or Accept.
ready = HealthCheckView.as_view(checks=[Database, Cache, MigrationsApplied])
# The whole site ready, background work included: the same checks and a worker's recent heartbeat.
# For deploys and alerts; load balancers probe /health/, so a worker outage alone never takes
# every web server out of rotation (docs/deploy.md, "Health").
readyz = HealthCheckView.as_view(checks=[Database, Cache, MigrationsApplied, WorkerAlive])
# The background worker, apart: a stalled queue must not take the web servers out of rotation.
worker_health = HealthCheckView.as_view(checks=[TaskWorkerKeepingUp])


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, only when METRICS_ENABLED, and then only with the bearer token
    METRICS_TOKEN when one is set (production refuses to start enabled without one)."""
    if not settings.METRICS_ENABLED:
        raise Http404
    if settings.METRICS_TOKEN and not _bearer_matches(request, settings.METRICS_TOKEN):
        response = HttpResponse("A valid metrics token is needed.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    exported: HttpResponse = ExportToDjangoView(request)
    exported.content += exposition()  # the task queue, workers and match rounds (core/metrics.py)
    return exported


def _bearer_matches(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    matches = hmac.compare_digest(given.strip().encode(), token.encode())
    return scheme.lower() == "bearer" and matches
