"""Campaigns created before questions existed get the overall item (the one their answers
gave) so that their results read like any other campaign's. The wording is frozen here."""

from django.db import migrations

OVERALL = {
    "pap": "Dans l’ensemble, je suis satisfaite ou satisfait de la façon dont les services de "
    "mon territoire travaillent ensemble.",
    "family": "Dans l’ensemble, je suis satisfaite ou satisfait de l’aide reçue dans le cadre "
    "de ce projet.",
}


def add_overall_items(apps, schema_editor):
    Campaign = apps.get_model("surveys", "Campaign")
    Question = apps.get_model("surveys", "Question")
    Question.objects.bulk_create(
        Question(campaign_id=pk, number=1, text=OVERALL[kind], overall=True)
        for pk, kind in Campaign.objects.filter(questions__isnull=True).values_list("pk", "kind")
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_questions_answers_codes")]

    operations = [migrations.RunPython(add_overall_items, migrations.RunPython.noop)]
