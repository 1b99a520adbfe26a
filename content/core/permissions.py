"""Give staff groups permissions from data migrations."""

from django.contrib.auth.management import create_permissions


def group_grant(apps, *, group, permissions):
    """Give `group` (created when missing) `permissions`, a mapping of
    app label to {model name: [action, ...]}, e.g. {"faq": {"question": ["view"]}}.

    Django creates permissions after all migrations have run, so on a fresh
    database there are none yet: they are created here first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff_group, _ = Group.objects.get_or_create(name=group)
    for app_label, models in permissions.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        staff_group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
