"""Fixtures for the online casework tests. ``local_site`` comes from the root conftest."""
