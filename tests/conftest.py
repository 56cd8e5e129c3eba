"""Every test session gets its own empty disk cache (explorer.disk_cache): a test never reads
the installation's warm default views (computed by checks a test may patch) nor writes there.
Subprocesses the tests start inherit it."""
import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def session_disk_cache(tmp_path_factory):
    previous = os.environ.get("EXPLORER_CACHE")
    os.environ["EXPLORER_CACHE"] = str(tmp_path_factory.mktemp("explorer-cache"))
    yield
    if previous is None:
        os.environ.pop("EXPLORER_CACHE", None)
    else:
        os.environ["EXPLORER_CACHE"] = previous
