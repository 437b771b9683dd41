"""Browser tests of the live preview (a package, so its conftest does not shadow tests/conftest.py)."""
