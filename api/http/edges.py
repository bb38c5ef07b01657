"""The edges refuse what they cannot vouch for, before any route reads a request: a
body in a coding we do not decode (415), a header longer than a server's usual limit
(431), a body that ends before its Content-Length (400, werkzeug's own check), and
logins past their limit (429 with Retry-After)."""

from typing import Any

from flask import Flask, Response, request

from api.http.bodies import KEPT_FREE, BodyGate
from api.http.errors import problem
from api.http.throttle import LoginThrottle, Rule
from api.settings import Settings
from storage.login_failures import FailureBook

MAX_FIELD = 8190  # gunicorn's default line limit; it is raised so the app answers
LOGIN = "auth.Token"
StartResponse = Any


class Edges:
    """WSGI middleware in front of the Flask app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        refused = self.refusal(environ)
        if refused is not None:
            return refused(environ, start_response)
        if environ.get("CONTENT_LENGTH"):
            # gunicorn says it terminates the body, so werkzeug would read to EOF: a
            # body cut short by a half-close would pass as whole. Without the flag,
            # werkzeug reads exactly Content-Length bytes or answers 400.
            environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)

    @staticmethod
    def refusal(environ: dict[str, Any]) -> Response | None:
        coding = environ.get("HTTP_CONTENT_ENCODING", "").strip().lower()
        if coding not in ("", "identity"):
            answer = problem(
                415,
                "Unsupported Media Type",
                f"bodies are taken as sent, not in Content-Encoding {coding[:40]!r}",
            )
            answer.headers["Accept-Encoding"] = "identity"
            return answer
        long = sorted(k for k, v in environ.items() if too_long(k, v))
        if long:
            names = ", ".join(k.removeprefix("HTTP_").replace("_", "-") for k in long)
            return problem(
                431, "Request Header Fields Too Large", f"too long: {names.title()}"
            )
        return None


def too_long(key: str, value: object) -> bool:
    """A header past the limit; a bearer token's own limit answers 401 (api/auth)."""
    if not key.startswith("HTTP_") or key == "HTTP_AUTHORIZATION":
        return False
    return isinstance(value, str) and len(value) > MAX_FIELD


def login_keys(address: str | None) -> list[tuple[str, str]]:
    body = request.get_json(silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    keys = [("address", address or "")]
    if isinstance(username, str):
        keys.append(("account", username.strip().lower()[:200]))
    return keys


def login_throttle(settings: Settings, book: FailureBook) -> LoginThrottle:
    window = float(settings.login_window_seconds)
    account = Rule(settings.login_account_limit, window, settings.login_account_wait)
    address = Rule(settings.login_address_limit, window, settings.login_address_wait)
    return LoginThrottle({"account": account, "address": address}, book)


def register(app: Flask, settings: Settings, failures: FailureBook) -> None:
    slots = settings.server_threads - KEPT_FREE
    gate = BodyGate(app.wsgi_app, slots, settings.max_body_bytes)
    app.wsgi_app = Edges(gate)  # type: ignore[method-assign]
    throttle = login_throttle(settings, failures)

    @app.before_request
    def throttled() -> Response | None:
        if request.endpoint != LOGIN or request.method != "POST":
            return None
        wait = throttle.retry_after(login_keys(request.remote_addr))
        if not wait:
            return None
        answer = problem(
            429, "Too Many Requests", f"too many failed logins: retry in {wait} s"
        )
        answer.headers["Retry-After"] = str(wait)
        return answer

    @app.after_request
    def counted(response: Response) -> Response:
        if request.endpoint == LOGIN and request.method == "POST":
            keys = login_keys(request.remote_addr)
            if response.status_code == 401:
                throttle.failed(keys)
            elif response.status_code == 200:
                throttle.succeeded(keys[-1])
        return response
