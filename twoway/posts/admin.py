from django.contrib import admin

from twoway.posts.models import Comment, Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ["title", "author", "status", "visibility", "published_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "body_html"]
    autocomplete_fields = ["author", "skills"]
    filter_horizontal = ["tags"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ["name", "email", "post", "status", "spam_reason", "created_at"]
    list_filter = ["status", "spam_reason"]
    search_fields = ["name", "email", "body"]
    raw_id_fields = ["post", "parent", "author"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ["name", "slug"]
    search_fields = ["name"]
