"""The console's blueprint: signing in with the same accounts (the bearer token kept
in a cookie), the reader's language, and pages rendered in it."""

from functools import partial
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from api.http.auth import Principal, authenticate, catalog_officer
from api.http.console.i18n import LANGUAGES, words
from api.http.routes.auth import login
from api.http.services import current_views, services
from api.tables_labels import LABELS
from projections.place_register import PlaceName, place_names

blp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
)
COOKIE = "siteledger_console"
LANG_COOKIE = "siteledger_lang"
OPEN = ("console.login", "console.static")


def language() -> str:
    """Chinese unless the reader chose English (a click, kept in a cookie)."""
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in LANGUAGES else "zh"


@blp.before_request
def signed_in() -> Response | None:
    """Every page but signing in needs a live token of an active officer."""
    g.lang = language()
    if request.endpoint in OPEN:
        return None
    token = request.cookies.get(COOKIE, "")
    found = services()
    try:
        g.principal = authenticate(
            f"Bearer {token}",
            found.tokens,
            found.ledger,
            partial(catalog_officer, found),
        )
    except HTTPException as refused:
        if refused.code != 401:
            raise
        back = redirect(url_for("console.login", next=request.full_path))
        back.delete_cookie(COOKIE, path="/console")
        return back
    return None


@blp.after_request
def remember_language(response: Response) -> Response:
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, g.lang, max_age=365 * 86400, samesite="Lax", path="/"
        )
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@blp.errorhandler(404)
def not_found(error: HTTPException) -> tuple[str, int]:
    """Out of the reader's jurisdiction reads as absent, as in the API."""
    return page("console/missing.html", status=404), 404


def principal() -> Principal:
    found: Principal = g.principal
    return found


def label(group: str, code: Any) -> str:
    """A coded value (stage, status, colour …) in the reader's language."""
    found = LABELS.get(group, {}).get(str(code))
    if found is None:
        return "" if code is None else str(code)
    return found[0] if g.lang == "zh" else found[1]


def place(code: str | None) -> str:
    """A jurisdiction as pages show it: its code, and its name where registered."""
    if not code:
        return ""
    if "places" not in g:  # read once a request, for the reader's subtree
        scope = g.principal.jurisdiction if g.get("principal") else code
        g.places = place_names(current_views().catalog, scope)
    found: PlaceName | None = g.places.get(code)
    return f"{code} {found.named(g.lang)}" if found else code


def page(template: str, **values: Any) -> str:
    return render_template(
        template,
        t=words(g.lang),
        lang=g.lang,
        label=label,
        place=place,
        me=g.get("principal"),
        **values,
    )


def safe_next(target: str | None) -> str:
    """Back to a console page after signing in; never to another site."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/console/"):
        return url_for("console.board")
    return target or url_for("console.board")


@blp.route("/login", methods=["GET", "POST"], endpoint="login")
def login_page() -> Any:
    if request.method == "GET":
        return page("console/login.html", next=request.args.get("next", ""))
    form = request.form
    try:
        token, ttl = login(
            services(), form.get("username", ""), form.get("password", "")
        )
    except HTTPException as refused:
        if refused.code != 401:
            raise
        failed = page("console/login.html", next=form.get("next", ""), failed=True)
        return failed, 401
    done = redirect(safe_next(form.get("next")))
    done.set_cookie(
        COOKIE, token, max_age=ttl, httponly=True, samesite="Strict", path="/console"
    )
    return done


@blp.route("/logout", methods=["POST"])
def logout() -> Any:
    done = redirect(url_for("console.login"))
    done.delete_cookie(COOKIE, path="/console")
    return done
