"""Logging in with the embedded identity: a username and password for a token."""

from typing import Any

from flask.views import MethodView
from webargs.flaskparser import abort

from api.http.auth import challenge
from api.http.parsing import Blueprint
from api.http.schemas.auth import IssueTokenRequest, TokenResponse
from api.http.services import Services, services
from domain.errors import NotFound
from domain.model.officer import Officer
from storage.credentials import check_password

blp = Blueprint("auth", __name__, url_prefix="/auth", description="Bearer tokens")
BAD_LOGIN = "the username or password is wrong, or the account is not active"
NO_STORE = {"Cache-Control": "no-store"}


@blp.route("/token")
class Token(MethodView):
    @blp.doc(security=[])
    @blp.arguments(IssueTokenRequest)
    @blp.response(200, TokenResponse)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")  # api/http/edges.py: throttled
    def post(self, body: dict[str, str]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Trade a username and password for a bearer token.

        Only where this service issues its own tokens: behind an identity provider
        (JWKS mode) the provider issues them and this answers 404.
        """
        token, ttl = login(services(), body["username"], body["password"])
        answer = {"access_token": token, "token_type": "Bearer", "expires_in": ttl}
        return answer, 200, NO_STORE


def login(found: Services, username: str, password: str) -> tuple[str, int]:
    """A token for an active officer's right password; one 401 for every failure."""
    if not found.tokens.issues_tokens:
        abort(404, message="tokens come from the identity provider")
    officer_id = check_password(found.credentials, username, password)
    try:
        officer = None if officer_id is None else found.ledger.load(Officer, officer_id)
    except NotFound:
        officer = None
    if officer is None or not officer.active:
        abort(401, message=BAD_LOGIN, headers=challenge())
    return found.tokens.issue(officer.id, officer.username)
