from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "twoway.posts"
    label = "posts"
    verbose_name = "Knowledge posts"

    def ready(self) -> None:
        # The changes that retire the visitors' cached post pages and feeds (page_cache.py).
        from twoway.posts.page_cache import connect

        connect()
