"""Templates: Jinja2 with gettext (the reader's language), and the filters pages share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from cybersetu.holds.service import ANSWER_LABELS
from cybersetu.i18n import current_locale, gettext, ngettext
from cybersetu.i18n.format import countdown, duration, money, number, when
from cybersetu.i18n.labels import KIND_LABELS, LANGUAGE_LABELS, MO_LABELS, ROLE_LABELS, label

TEMPLATES = Path(__file__).with_name("templates")


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The i18n extension adds this method to the environment at run time; Jinja's types lack it.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        money=money,
        when=when,
        number=number,
        duration=duration,
        countdown=countdown,
        answer=lambda key: label(ANSWER_LABELS, key),
        mo=lambda key: label(MO_LABELS, key),
        kind=lambda key: label(KIND_LABELS, key),
        language=lambda key: label(LANGUAGE_LABELS, key),
        role=lambda key: label(ROLE_LABELS, key),
    )
    return env


class Pages:
    def __init__(self) -> None:
        self.templates = Jinja2Templates(env=environment())

    def render(
        self, request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
    ) -> Response:
        ctx = dict(context or {})
        session = request.state.session
        ctx.setdefault("actor", getattr(request.state, "actor", None))
        ctx["csrf_token"] = session.csrf if session else ""
        ctx["locale"] = current_locale()
        response = self.templates.TemplateResponse(request, name, ctx, status_code=status)
        response.headers["Vary"] = "HX-Request, Cookie"
        return response
