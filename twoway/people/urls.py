from django.urls import URLPattern, path, re_path

from twoway.people import views

app_name = "people"


def _skill_routes(kind: str, prefix: str) -> list[URLPattern]:
    return [
        path(f"me/{prefix}/", views.skill_add, {"kind": kind}, name=f"{kind}_add"),
        path(
            f"me/{prefix}/<slug:slug>/update/",
            views.skill_update,
            {"kind": kind},
            name=f"{kind}_update",
        ),
        path(
            f"me/{prefix}/<slug:slug>/remove/",
            views.skill_remove,
            {"kind": kind},
            name=f"{kind}_remove",
        ),
    ]


urlpatterns: list[URLPattern] = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("onboarding/teach/", views.onboarding_teach, name="onboarding_teach"),
    path("onboarding/learn/", views.onboarding_learn, name="onboarding_learn"),
    path("onboarding/finish/", views.onboarding_finish, name="onboarding_finish"),
    path("onboarding/next/", views.onboarding_next, name="onboarding_next"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit, name="edit"),
    path("me/photo/", views.photo_upload, name="photo_upload"),
    path("me/photo/remove/", views.photo_remove, name="photo_remove"),
    *_skill_routes("teach", "teaches"),
    *_skill_routes("learn", "learns"),
    path("skills/options/", views.skill_options, name="skill_options"),
    path("people/", views.directory, name="directory"),
    # Photo keys are 32 hex digits (services.profile_photo_set): nothing else matches.
    re_path(
        r"^people/photos/(?P<key>[0-9a-f]{32})\.webp$", views.photo, {"thumb": False}, name="photo"
    ),
    re_path(
        r"^people/photos/(?P<key>[0-9a-f]{32})-64\.webp$",
        views.photo,
        {"thumb": True},
        name="photo_thumb",
    ),
    path("people/<slug:handle>/", views.profile, name="profile"),
]
