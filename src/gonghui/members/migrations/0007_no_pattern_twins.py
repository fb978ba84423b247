# The roster's search columns are byte-ordered (C collation on PostgreSQL) and searched by
# ranges: the varchar_pattern_ops indexes Django added beside their indexes were only written.

from django.db import migrations

from gonghui.core.fields import drop_pattern_twins


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_member_tallies"),
    ]

    operations = [
        drop_pattern_twins(
            ("members_member", "name_pinyin"),
            ("members_member", "name_initials"),
            ("members_member", "id_number_rev"),
            ("members_member", "card_number"),
            ("members_member", "id_number"),  # looked up whole, never by pattern
        ),
    ]
