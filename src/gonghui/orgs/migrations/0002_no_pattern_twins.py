# Materialized paths are byte-ordered (C collation on PostgreSQL) and a subtree is a range:
# the varchar_pattern_ops indexes Django added beside the path indexes were only written.

from django.db import migrations

from gonghui.core.fields import drop_pattern_twins


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        drop_pattern_twins(
            ("orgs_organization", "path"),
            ("orgs_historicalorganization", "path"),
        ),
    ]
