"""Background work for stories. Each task is idempotent and safe to retry."""

from __future__ import annotations

from django_tasks import task


@task()
def themes_find_task(*, run_id: int) -> str:
    """Find the themes for a requested run (see services/themes.py). A run already done is left alone; doing it
    again after a crash rewrites the same run's themes from scratch."""
    from coproduce.stories.services.themes import theme_run_perform

    run = theme_run_perform(run_id=run_id)
    return run.status if run is not None else "gone"
