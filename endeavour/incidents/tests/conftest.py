from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _no_captures_in_request(settings: Any) -> None:
    """Web addresses in reports become online items; their capture is not what these tests are
    about (and the test addresses do not exist), so it is left to the scheduler."""
    settings.ONLINE_CAPTURE_IN_REQUEST = False
