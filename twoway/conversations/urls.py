from django.urls import URLPattern, path

from twoway.conversations import views

app_name = "conversations"

urlpatterns: list[URLPattern] = [
    path("", views.inbox, name="inbox"),
    path("partnerships/<int:pk>/", views.partnership_thread, name="partnership"),
    path("circles/<int:pk>/", views.circle_thread, name="circle"),
]
