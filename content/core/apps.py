from django.apps import AppConfig
from taggit import apps as taggit_apps


class CoreConfig(AppConfig):
    name = "content.core"
    label = "core"
    verbose_name = "Content"


class TagsConfig(taggit_apps.TaggitAppConfig):
    """django-taggit under a name staff know: the admin's heading says "Tags", not "Taggit"."""

    # Only INSTALLED_APPS names this config; content.core keeps CoreConfig.
    default = False
    verbose_name = "Tags"
