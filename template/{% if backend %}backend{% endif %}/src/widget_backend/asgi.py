"""The app uvicorn serves (`uvicorn widget_backend.asgi:app`), settings from the environment.
Imported by every worker process: the backend's own log lines (installs, refreshes, refused
requests) go to stderr at LOG_LEVEL (default INFO)."""

import logging
import os

from widget_backend.app import create_app

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), format="%(levelname)s:     %(name)s: %(message)s")

app = create_app()
