from __future__ import annotations

import pytest

from coproduce.demo.services import DemoLoadCounts, demo_place_load


@pytest.fixture
def demo(db: None) -> DemoLoadCounts:
    return demo_place_load()
