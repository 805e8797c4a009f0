from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "twoway.posts"
    label = "posts"
    verbose_name = "Knowledge posts"
