"""Spanish names and descriptions of five qualifying activities, after a professional review:
"se le llevó" read as "took something from you", "rehén" and "comercio de esclavos" were not the
terms of Spanish-language law, and the witness-tampering sentence did not parse."""

from django.db import migrations

REVIEWED = {
    "hostage": ("Toma de rehenes", None),
    "slave_trade": ("Trata de esclavos", None),
    "kidnapping": (
        None,
        "Alguien le llevó a otro lugar por la fuerza o le retuvo en contra de su voluntad.",
    ),
    "abduction": (None, "Alguien le llevó a otro lugar por la fuerza o con engaños."),
    "witness_tampering": (
        None,
        "Alguien trató de impedir, o de asustarle para evitar, que usted contara a la policía "
        "o a un juez lo que sabe.",
    ),
}
# The wording 0002 loaded, put back on the way down.
BEFORE = {
    "hostage": ("Ser tomado como rehén", None),
    "slave_trade": ("Comercio de esclavos", None),
    "kidnapping": (None, "Alguien se le llevó o le retuvo en contra de su voluntad."),
    "abduction": (None, "Alguien se le llevó por la fuerza o con engaños."),
    "witness_tampering": (
        None,
        "Alguien intentó impedir o asustarle para que no contara a la policía o a un tribunal "
        "lo que sabe.",
    ),
}


def _apply(wording, apps):
    activities = apps.get_model("certify", "QualifyingActivity")
    for code, (name, description) in wording.items():
        changes = {"name_es": name, "description_es": description}
        activities.objects.filter(code=code).update(
            **{field: value for field, value in changes.items() if value is not None}
        )


def load(apps, schema_editor):
    _apply(REVIEWED, apps)


def unload(apps, schema_editor):
    _apply(BEFORE, apps)


class Migration(migrations.Migration):
    dependencies = [("certify", "0016_seven_languages")]

    operations = [migrations.RunPython(load, unload)]
