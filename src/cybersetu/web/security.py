"""Signed session cookies, CSRF tokens and security headers."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cybersetu.i18n import normalise, set_locale
from cybersetu.settings import Settings

COOKIE: Final = "cybersetu_session"
MAX_AGE: Final = 12 * 3600
CSP: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def secret_key(settings: Settings) -> str:
    """The signing key: from the environment, else a key file made once (readable by the owner
    only)."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.secret_key_file
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class SessionData:
    csrf: str
    user_id: int | None = None
    epoch: int = 0
    locale: str = "en"

    @classmethod
    def fresh(cls, locale: str = "en") -> SessionData:
        return cls(csrf=secrets.token_urlsafe(24), locale=locale)

    def signed_in(self, user_id: int, epoch: int, locale: str) -> SessionData:
        # A new CSRF token at sign-in: a token seen before signing in is worth nothing after.
        return SessionData(secrets.token_urlsafe(24), user_id, epoch, normalise(locale))

    def with_locale(self, locale: str) -> SessionData:
        return replace(self, locale=normalise(locale))


class Sessions:
    def __init__(self, key: str, *, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="cybersetu-session")
        self.secure = secure

    def load(self, cookie: str | None) -> SessionData | None:
        if not cookie or len(cookie) > 4096:
            return None
        try:
            data: Any = self._serializer.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        uid = data.get("uid")
        return SessionData(
            csrf=data["csrf"],
            user_id=uid if isinstance(uid, int) else None,
            epoch=int(data.get("epoch", 0)),
            locale=normalise(data.get("locale")),
        )

    def dump(self, data: SessionData) -> str:
        return self._serializer.dumps(
            {"csrf": data.csrf, "uid": data.user_id, "epoch": data.epoch, "locale": data.locale}
        )

    def cookie_args(self) -> dict[str, Any]:
        return {
            "key": COOKIE,
            "max_age": MAX_AGE,
            "httponly": True,
            "samesite": "lax",
            "secure": self.secure,
            "path": "/",
        }


def same_token(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


class DeskMiddleware:
    """Per request: read the session cookie, set the reader's language, add the security
    headers to every response."""

    def __init__(self, app: ASGIApp, sessions: Sessions) -> None:
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = None
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    k, _, v = part.strip().partition("=")
                    if k == COOKIE:
                        cookie = v
        session = self.sessions.load(cookie)
        scope.setdefault("state", {})["session"] = session
        set_locale(session.locale if session else _accept_language(scope))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if not str(scope.get("path", "")).startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _accept_language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language" and value.lower().startswith(b"hi"):
            return "hi"
    return "en"
