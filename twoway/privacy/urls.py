from django.urls import path

from twoway.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.data_page, name="data"),
    path("export/", views.export_request, name="export"),
    path("exports/<int:export_id>/download/", views.export_download, name="download"),
    path("erase/", views.erase, name="erase"),
    path("erased/", views.erased, name="erased"),
]
