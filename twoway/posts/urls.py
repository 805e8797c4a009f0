from django.urls import path

from twoway.posts import feeds, views

app_name = "posts"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("new/", views.post_new, name="new"),
    path("preview/", views.post_preview, name="preview"),
    path("feed/", feeds.cached(feeds.AtomFeed(), "atom"), name="feed"),
    path("rss/", feeds.cached(feeds.RssFeed(), "rss"), name="rss"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/<slug:action>/", views.moderate, name="moderate"),
    path("tags/<slug:slug>/", views.tag_list, name="tag"),
    path("skills/<slug:slug>/", views.skill_list, name="skill"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("<slug:slug>/", views.post_detail, name="detail"),
    path("<slug:slug>/reply/", views.comment_create, name="reply"),
    path("<slug:slug>/edit/", views.post_edit, name="edit"),
    path("<slug:slug>/delete/", views.post_delete, name="delete"),
]
