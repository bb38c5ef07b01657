"""The token service each auth mode uses: our own tokens, an identity provider's, or
the ones API Gateway verified."""

from api.http.gateway import gateway_tokens
from api.http.tokens import EmbeddedTokens, TokenService, provider_tokens
from api.settings import Settings
from storage.credentials import signing_secret


def build_tokens(settings: Settings) -> TokenService:
    """The token service the settings ask for.

    Embedded mode with no `jwt_secret`: on a SQLite store the secret is made once and
    kept in `<store>.jwt-secret` beside it (mode 0600), so tokens survive restarts and
    the CLI's tokens open the server; on the in-memory store or PostgreSQL it is random
    per process (set SITELEDGER_JWT_SECRET for servers with several workers).
    """
    if settings.auth_mode == "jwks":
        return provider_tokens(settings)
    if settings.auth_mode == "gateway":
        return gateway_tokens(settings)
    if settings.auth_mode != "embedded":
        raise ValueError(
            f"auth_mode must be embedded, jwks or gateway, not {settings.auth_mode!r}"
        )
    secret, ephemeral = settings.jwt_secret, False
    if not secret:
        secret, ephemeral = signing_secret(settings.store_env())
    return EmbeddedTokens(
        secret,
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.token_ttl_seconds,
        ephemeral=ephemeral,
    )
