"""For the child scripts that test a data migration on a database of their own (run after
``django.setup()``): the schema before the migration, a territory to write in, then every
migration to the end."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def apps_before(targets: list[tuple[str, str]]):
    """Migrate to ``targets`` and return the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def territory_z(apps):
    """A territory Z (in region 06) written with the historical models ``apps``."""
    region = apps.get_model("territories", "Region").objects.get_or_create(
        code="06", defaults={"name": "Montréal"}
    )[0]
    return apps.get_model("territories", "Territory").objects.create(
        code="Z", name="Z", milieu="urbain", region=region
    )


def migrate_to_the_end() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
