"""Root conftest: puts the repository root on sys.path so tests import explorer/ and ui/, and
sets hypothesis's profile.

Property tests draw the same examples on every run (``derandomize``), so a red `make test`
reproduces and CI never turns red on a search that merely got luckier; set
``EXPLORER_HYPOTHESIS_SEARCH=1`` for a fresh random search (with
``EXPLORER_HYPOTHESIS_SCALE=N`` for N times the examples) and keep what it finds as a test.
"""
import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("search", deadline=None)
settings.load_profile("search" if os.environ.get("EXPLORER_HYPOTHESIS_SEARCH") else "repeatable")
