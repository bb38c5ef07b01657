"""The county's screens: the web console, the public 亮屏公开 screen, and the docs
page's assets, each a blueprint of the same app."""

from flask import Blueprint, Flask, redirect
from werkzeug.wrappers import Response

from api.http.console import files, pages, records  # noqa: F401  (their routes)
from api.http.console.assets import URL as DOCS_ASSETS
from api.http.console.assets import blp as docs_assets
from api.http.console.screen import blp as screen
from api.http.console.web import blp as console

__all__ = ["DOCS_ASSETS", "PUBLIC", "register"]

BLUEPRINTS: tuple[Blueprint, ...] = (console, screen, docs_assets)
# Open without a bearer token: the console signs in by its own cookie, the public
# screen shows only what is published, the docs' assets are static files.
PUBLIC = tuple(blueprint.name for blueprint in BLUEPRINTS)


def register(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.add_url_rule("/", "home", home)


def home() -> Response:
    return redirect("/console/")
