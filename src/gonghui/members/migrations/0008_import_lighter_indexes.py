# Indexes an import paid for and no reader needed: (organization, status) on the roster and
# (kind, on) on the events; the transfers' index holds transfers only.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_no_pattern_twins"),
        ("orgs", "0002_no_pattern_twins"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="member",
            name="members_mem_organiz_122411_idx",
        ),
        migrations.RemoveIndex(
            model_name="membershipevent",
            name="members_evt_kind_on_idx",
        ),
        migrations.RemoveIndex(
            model_name="membershipevent",
            name="members_evt_counterpart_idx",
        ),
        migrations.AddIndex(
            model_name="membershipevent",
            index=models.Index(
                condition=models.Q(("counterpart__isnull", False)),
                fields=["counterpart", "ends_on"],
                name="members_evt_counterpart_idx",
            ),
        ),
    ]
