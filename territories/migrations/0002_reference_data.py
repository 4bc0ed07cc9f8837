"""Reference data: the five sectors, Quebec's 17 administrative regions, the framework row."""

from django.db import migrations

SECTORS = [
    ("MFA", "Ministère de la Famille", True),
    ("MSSS", "Ministère de la Santé et des Services sociaux", True),
    ("MEQ", "Ministère de l'Éducation", True),
    ("MIFI", "Ministère de l'Immigration, de la Francisation et de l'Intégration", True),
    ("MESS", "Ministère de l'Emploi et de la Solidarité sociale", False),
]

REGIONS = [
    ("01", "Bas-Saint-Laurent"),
    ("02", "Saguenay–Lac-Saint-Jean"),
    ("03", "Capitale-Nationale"),
    ("04", "Mauricie"),
    ("05", "Estrie"),
    ("06", "Montréal"),
    ("07", "Outaouais"),
    ("08", "Abitibi-Témiscamingue"),
    ("09", "Côte-Nord"),
    ("10", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine"),
    ("12", "Chaudière-Appalaches"),
    ("13", "Laval"),
    ("14", "Lanaudière"),
    ("15", "Laurentides"),
    ("16", "Montérégie"),
    ("17", "Centre-du-Québec"),
]


def load(apps, schema_editor):
    Sector = apps.get_model("territories", "Sector")
    Region = apps.get_model("territories", "Region")
    ReferenceFramework = apps.get_model("territories", "ReferenceFramework")
    for code, name, has_pap in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "has_pap": has_pap})
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})
    ReferenceFramework.objects.get_or_create(
        pk=1, defaults={"required_components": ["outreach", "accompaniment", "collaboration"]}
    )


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
