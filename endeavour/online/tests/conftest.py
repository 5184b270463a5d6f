"""Fixtures for the online casework tests.

``local_site``: a real HTTP server on 127.0.0.1 with a routing table the test sets (pages,
removals, redirects). See ``tests/localsite.py`` for its API.
"""

from tests.localsite import local_site

__all__ = ["local_site"]
