# Indexes an import no longer pays for: (organization, status) holds the members not active,
# the events' (kind, on) and counterpart indexes hold transfers; JOIN events are read per union.

import gonghui.core.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_no_pattern_twins'),
        ('orgs', '0002_no_pattern_twins'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='member',
            name='members_mem_organiz_122411_idx',
        ),
        migrations.RemoveIndex(
            model_name='membershipevent',
            name='members_evt_kind_on_idx',
        ),
        migrations.RemoveIndex(
            model_name='membershipevent',
            name='members_evt_counterpart_idx',
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(condition=models.Q(gonghui.core.fields.IsNot('status', 'active')), fields=['organization', 'status'], name='members_not_active_idx'),
        ),
        migrations.AddIndex(
            model_name='membershipevent',
            index=models.Index(condition=models.Q(('counterpart__isnull', False)), fields=['kind', 'on'], name='members_evt_transfer_idx'),
        ),
        migrations.AddIndex(
            model_name='membershipevent',
            index=models.Index(condition=models.Q(('counterpart__isnull', False)), fields=['counterpart', 'ends_on'], name='members_evt_counterpart_idx'),
        ),
    ]
