from django.urls import URLPattern, path

from twoway.partnerships import views

app_name = "partnerships"

urlpatterns: list[URLPattern] = [
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/<slug:handle>/mark/", views.suggestion_mark, name="suggestion_mark"),
    path("partnerships/", views.home, name="home"),
    path("partnerships/ask/<slug:handle>/", views.request_new, name="request_new"),
    path("partnerships/requests/<int:pk>/", views.request_detail, name="request"),
    path("partnerships/requests/<int:pk>/accept/", views.request_accept, name="request_accept"),
    path("partnerships/requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path(
        "partnerships/requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"
    ),
    path("partnerships/requests/<int:pk>/message/", views.request_message, name="request_message"),
    path("partnerships/<int:pk>/", views.detail, name="detail"),
    path("partnerships/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("partnerships/<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("partnerships/goals/<int:goal_id>/", views.goal_update, name="goal_update"),
    path("partnerships/<int:pk>/sessions/", views.session_add, name="session_add"),
    path(
        "partnerships/sessions/<int:session_id>/status/",
        views.session_status,
        name="session_status",
    ),
    path("partnerships/sessions/<int:session_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("partnerships/sessions/<int:session_id>.ics", views.session_ics, name="session_ics"),
    path("partnerships/<int:pk>/learning/", views.learning_add, name="learning_add"),
    path("partnerships/<int:pk>/end/", views.end, name="end"),
    path("partnerships/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("partnerships/<int:pk>/levels/", views.levels, name="levels"),
    path(
        "partnerships/<int:pk>/calendar/regenerate/",
        views.feed_regenerate,
        name="feed_regenerate",
    ),
    path("partnerships/feed/<str:token>.ics", views.feed, name="feed"),
]
