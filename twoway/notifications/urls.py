from django.urls import path

from twoway.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.preferences, name="settings"),
    path("<int:notification_id>/open/", views.open_notification, name="open"),
    path("<int:notification_id>/read/", views.mark_read, name="mark_read"),
]
