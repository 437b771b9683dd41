"""The app uvicorn serves (`uvicorn widget_backend.asgi:app`), settings from the environment."""

from widget_backend.app import create_app

app = create_app()
