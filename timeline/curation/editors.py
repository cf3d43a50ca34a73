"""The "Editors" group: everything a newsroom editor needs, and no user management.

The data migration 0004 creates it on every new database; ensure_group() makes
sure it is there and complete at any time after (`createeditor` calls it).
"""

from django.contrib.auth.models import Group, Permission

EDITABLE = ["timeline", "event", "citation", "keyfigure", "media", "sourcearticle", "candidate", "category", "actor"]
ACTIONS = ["view", "add", "change", "delete"]
# History records are read and reverted through the models above; editors may view them.
VIEW_ONLY = [
    "historicalevent", "historicalcitation", "historicalkeyfigure", "historicalmedia", "historicalsourcearticle",
]  # fmt: skip


def ensure_group():
    codenames = [f"{action}_{model}" for model in EDITABLE for action in ACTIONS]
    codenames += [f"view_{model}" for model in VIEW_ONLY]
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="timeline", codename__in=codenames))
    return group
