"""The desk: the web application and API. Routes, templates, forms and dependencies only; the
work is done by the domain areas."""

from cybersetu.web.app import create_app

__all__ = ["create_app"]
