from django.urls import URLPattern, path

from twoway.programs import circle_views, views

app_name = "programs"

urlpatterns: list[URLPattern] = [
    path("", views.program_list, name="list"),
    path("new/", views.program_new, name="new"),
    path("join/<str:token>/", views.program_join_by_link, name="join_by_link"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/join/", views.program_join, name="join"),
    path("<int:pk>/managers/", views.manager_add, name="manager_add"),
    path(
        "<int:pk>/participants/<int:enrolment_id>/",
        views.participant_action,
        name="participant_action",
    ),
    path("<int:pk>/import/", views.import_new, name="import_new"),
    path("<int:pk>/import/<int:batch_id>/", views.import_detail, name="import"),
    path(
        "<int:pk>/import/<int:batch_id>/progress/",
        views.import_progress,
        name="import_progress",
    ),
    path("<int:pk>/rounds/", views.round_start, name="round_start"),
    path("<int:pk>/rounds/<int:round_id>/", views.round_detail, name="round"),
    path("<int:pk>/rounds/<int:round_id>/progress/", views.round_progress, name="round_progress"),
    path("<int:pk>/rounds/<int:round_id>/rerun/", views.round_rerun, name="round_rerun"),
    path("<int:pk>/rounds/<int:round_id>/rule/", views.round_rule, name="round_rule"),
    path("<int:pk>/rounds/<int:round_id>/add/", views.round_pair_add, name="round_pair_add"),
    path("<int:pk>/rounds/<int:round_id>/publish/", views.round_publish, name="round_publish"),
    path(
        "<int:pk>/rounds/<int:round_id>/circles/publish/",
        circle_views.circles_publish,
        name="circles_publish",
    ),
    path(
        "<int:pk>/rounds/<int:round_id>/circles/<int:circle_id>/lock/",
        circle_views.circle_lock,
        name="circle_lock",
    ),
    path("<int:pk>/dashboard/", views.dashboard_page, name="dashboard"),
    path("<int:pk>/dashboard/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("<int:pk>/dashboard/nudge/<int:partnership_id>/", views.nudge, name="nudge"),
]
