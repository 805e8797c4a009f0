from django.urls import URLPattern, path

from twoway.scheduling import views

app_name = "scheduling"

urlpatterns: list[URLPattern] = [
    path("availability/", views.availability, name="availability"),
    path("partnerships/<int:pk>/find-time/", views.find_time, name="find_time"),
    path("partnerships/<int:pk>/propose/", views.propose, name="propose"),
    path("proposals/<int:proposal_id>/pick/", views.pick, name="pick"),
    path("proposals/<int:proposal_id>/decline/", views.decline, name="decline"),
    path("proposals/<int:proposal_id>/withdraw/", views.withdraw, name="withdraw"),
]
