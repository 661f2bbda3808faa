"""Background work for the people app. Each task is idempotent and safe to retry."""

from __future__ import annotations

from django_tasks import task


@task()
def data_export_prepare(*, export_id: int, site_url: str) -> str:
    """Build a large download of everything held about someone, then tell them it is ready."""
    from coproduce.people.services.data import data_export_prepare_file

    export = data_export_prepare_file(export_id=export_id, site_url=site_url)
    return export.status if export is not None else "gone"
