"""The web application: server-rendered pages (Jinja2, HTMX) and a JSON API under ``/api``."""

from chitieu.web.app import create_app

__all__ = ["create_app"]
