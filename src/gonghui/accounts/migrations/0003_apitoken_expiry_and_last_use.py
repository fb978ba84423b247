"""API tokens expire, end with a password change and remember where they were last used (issue 13)."""

import datetime

from django.db import migrations, models
from django.utils.crypto import salted_hmac

import gonghui.accounts.models


def existing_tokens_get_an_end(apps, schema_editor):  # noqa: ANN001, ANN201
    """Tokens made before this change run 90 days from their creation and stay tied to the
    password their user has now (only a later change of it ends them)."""
    ApiToken = apps.get_model("accounts", "ApiToken")  # noqa: N806
    for token in ApiToken.objects.select_related("user"):
        token.expires_at = token.created_at + datetime.timedelta(days=90)
        token.password_tag = salted_hmac(
            "gonghui.accounts.ApiToken.password", token.user.password, algorithm="sha256"
        ).hexdigest()
        token.save(update_fields=["expires_at", "password_tag"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_tag",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_ip",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="last used from"),
        ),
        migrations.RunPython(existing_tokens_get_an_end, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=gonghui.accounts.models.default_expiry, verbose_name="expires at"),
        ),
    ]
