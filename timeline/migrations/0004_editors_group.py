"""The "Editors" group: everything a newsroom editor needs, and no user management."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE = ["timeline", "event", "citation", "keyfigure", "sourcearticle", "candidate", "category", "actor"]
ACTIONS = ["view", "add", "change", "delete"]
# History records are read and reverted through the models above; editors may view them.
VIEW_ONLY = ["historicalevent", "historicalcitation", "historicalkeyfigure", "historicalsourcearticle"]


def create_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if not Permission.objects.filter(content_type__app_label="timeline").exists():
        # On a fresh database permissions are created after all migrations; create them now.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    codenames = [f"{action}_{model}" for model in EDITABLE for action in ACTIONS]
    codenames += [f"view_{model}" for model in VIEW_ONLY]
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="timeline", codename__in=codenames))


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0003_history_candidates"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
