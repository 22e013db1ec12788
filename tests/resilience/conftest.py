from django.conf import settings

# The curation fixtures (a curator's assignment on a food product), shared with tests/curation.
from ..curation.conftest import assignment, curated_application, food_rubric  # noqa: F401

POSTGRESQL = "django.db.backends.postgresql"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgresql_only: needs the PostgreSQL server itself (runs when DATABASE_URL "
        "names PostgreSQL, as in the second half of .ci/run; not collected on SQLite)"
    )  # fmt: skip


def pytest_collection_modifyitems(config, items):
    """A PostgreSQL-only test is not a skip on SQLite: it is not selected there at all, and the
    run says so (the same suite runs on PostgreSQL in .ci/run, where it is selected)."""
    if settings.DATABASES["default"]["ENGINE"] == POSTGRESQL:
        return
    only = [item for item in items if item.get_closest_marker("postgresql_only")]
    if not only:
        return
    items[:] = [item for item in items if item not in only]
    config.hook.pytest_deselected(items=only)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        names = ", ".join(item.nodeid for item in only)
        reporter.write_line(f"PostgreSQL only, not selected on SQLite: {names}")
