"""The docs page's Swagger UI, served from the installed package: it loads with no
network at all (a government network is often offline)."""

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

blp = Blueprint("docs-assets", __name__, url_prefix="/docs/assets")
URL = "/docs/assets/"  # flask-smorest's OPENAPI_SWAGGER_UI_URL


@blp.route("/<path:name>")
def asset(name: str) -> Response:
    response = send_from_directory(str(swagger_ui_path), name, max_age=86400)
    return response
