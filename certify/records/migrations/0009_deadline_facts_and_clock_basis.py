"""The facts the new clocks need, and clock snapshots that pages word at display time.

Requests gain: whether the victim's parents or siblings are to be included (the victim's own
21st birthday), the agency's first encounter with the victim (Cal. Penal Code 236.5), a delay
notice with its projected date (G.L. c. 258F, sec. 3), and the clock's basis and trigger.

Existing snapshots are converted: ``clock_rule`` held an English summary built in code (with
the checking status in capitals); it now holds only the law's citation, read out of that
summary, and pages build the sentence in the reader's language. The old source text, which
could name secondary sources, is cleared: it was never shown, and new clocks store the official
address. An agency's target of 60 days was the old default for every agency, not a target the
agency published, so it is cleared; the site's default of the same 60 days then applies, as
policy, to the same dates.
"""

import re

import django.core.validators
from django.db import migrations, models

OLD_SUMMARY = re.compile(
    r"^.*?, form [UT] \((?P<law>.*)\): \d+ \w+ days from receipt \((?P<trigger>[^)]*)\); \S+$"
)
OLD_TRIGGERS = {
    "standard deadline": "standard",
    "agency's own target": "agency_target",
    "removal proceedings": "removal_proceedings",
    "detention": "detention",
    "age-out (days before the birthday)": "age_out_before",
    "age-out within the standard window": "age_out_window",
}
OLD_DEFAULT_TARGET = 60


def forward(apps, schema_editor):
    Request = apps.get_model("certify", "CertificationRequest")
    Agency = apps.get_model("certify", "Agency")
    Agency.objects.filter(target_days=OLD_DEFAULT_TARGET).update(target_days=None)
    for req in Request.objects.exclude(due_date=None).only(
        "pk", "clock_rule", "clock_is_policy", "clock_source"
    ):
        match = OLD_SUMMARY.match(req.clock_rule or "")
        trigger = OLD_TRIGGERS.get(match.group("trigger"), "") if match else ""
        if req.clock_is_policy:
            basis, law = "agency_target", ""
            trigger = trigger or "agency_target"
        else:
            basis, law = "state_law", match.group("law") if match else ""
            trigger = trigger or "standard"
        Request.objects.filter(pk=req.pk).update(
            clock_basis=basis, clock_trigger=trigger, clock_rule=law, clock_source=""
        )


def backward(apps, schema_editor):
    Agency = apps.get_model("certify", "Agency")
    Agency.objects.filter(target_days=None).update(target_days=OLD_DEFAULT_TARGET)


class Migration(migrations.Migration):
    dependencies = [("certify", "0008_certified_signature_index")]

    operations = [
        migrations.AddField(
            model_name="certificationrequest",
            name="clock_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("state_law", "state law"),
                    ("local_law", "local law"),
                    ("agency_target", "the agency's own target (policy, not law)"),
                    ("site_default", "the site's default target (policy, not law)"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="certificationrequest",
            name="clock_trigger",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AddField(
            model_name="certificationrequest",
            name="delay_notice_on",
            field=models.DateField(blank=True, null=True, verbose_name="delay explained on"),
        ),
        migrations.AddField(
            model_name="certificationrequest",
            name="delay_projected_on",
            field=models.DateField(blank=True, null=True, verbose_name="projected answer date"),
        ),
        migrations.AddField(
            model_name="certificationrequest",
            name="first_encounter_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="the agency first encountered the victim on"
            ),
        ),
        migrations.AddField(
            model_name="certificationrequest",
            name="parents_or_siblings",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="parents or siblings under 18 to be included"
            ),
        ),
        migrations.AlterField(
            model_name="agency",
            name="target_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "Only where no law sets a deadline, and only a target the agency has "
                    "published; shown as the agency's policy, not law."
                ),
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="own published target in days",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
