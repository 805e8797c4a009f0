from django.urls import URLPattern, path

from twoway.network import views

app_name = "network"

urlpatterns: list[URLPattern] = [
    path("network/", views.home, name="home"),
    path("network/settings/", views.visibility, name="visibility"),
    path("network/people/<slug:handle>/", views.member_network, name="member"),
    path("network/introductions/", views.introductions, name="introductions"),
    path("network/introductions/new/", views.introduction_new, name="introduction_new"),
    path(
        "network/introductions/<int:pk>/<str:action>/",
        views.introduction_answer,
        name="introduction_answer",
    ),
    path("circles/", views.circle_list, name="circles"),
    path("circles/queue/", views.queue_join, name="queue_join"),
    path("circles/queue/leave/", views.queue_leave, name="queue_leave"),
    path("circles/<int:pk>/", views.circle_detail, name="circle"),
    path("circles/<int:pk>/join/", views.circle_join, name="circle_join"),
    path("circles/<int:pk>/leave/", views.circle_leave, name="circle_leave"),
    path("circles/<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("circles/<int:pk>/learning/", views.learning_add, name="learning_add"),
    path("circles/<int:pk>/messages/", views.message_add, name="message_add"),
    path("circles/meetings/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
]
