"""Signing in, roles, idle timeout and security headers."""

import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.middleware.proxy_fix import ProxyFix

from quizapp.extensions import db, login_manager
from quizapp.models import User
from quizapp.models.types import utcnow

LAST_SEEN = "last_seen"
# Endpoints whose POST is saved for the signed-out learner when their session idles out.
expiry_savers: dict[str, Callable] = {}


def init_app(app: Flask) -> None:
    """Wire Flask-Login, the idle timeout and the response headers into the app."""
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    app.before_request(_enforce_idle_timeout)
    app.before_request(_make_csp_nonce)
    app.after_request(_security_headers)
    app.context_processor(_template_security)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]


@login_manager.user_loader
def _load_user(session_token: str) -> User | None:
    # One query: the person and their roles, which every page's access check and navigation reads.
    query = select(User).where(User.session_token == session_token).options(joinedload(User.role_rows))
    return db.session.execute(query).unique().scalar_one_or_none()


def public(view):
    """Mark a view as open to everyone, signed in or not."""
    view.permission = "public"
    return view


def requires(*roles: str):
    """Allow a view only to signed-in users holding one of these roles."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and not (current_user.roles & set(roles)):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = roles or ("signed-in",)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def idle_expired(last_seen: str | None, now: datetime) -> bool:
    """Say whether a session last seen at this ISO time has passed the idle timeout."""
    if not last_seen:
        return False
    return now - datetime.fromisoformat(last_seen) > current_app.config["SESSION_IDLE_TIMEOUT"]


def _enforce_idle_timeout():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = utcnow()
    if not idle_expired(session.get(LAST_SEEN), now):
        session[LAST_SEEN] = now.isoformat()
        return None
    saver = expiry_savers.get(request.endpoint or "") if request.method == "POST" else None
    saved = bool(saver and saver(current_user._get_current_object(), request.view_args or {}))
    if request.endpoint == "auth.sign_in":
        next_url = safe_next_url(request.args.get("next"))
    else:
        next_url = request.full_path if request.method == "GET" else request.path
    logout_user()
    session.clear()
    message = "You were signed out because you were inactive for a while."
    if saved:
        message += " Your answer was saved. Sign in to carry on where you left off."
    flash(message, "info")
    if request.headers.get("X-Requested-With") == "fetch":
        abort(401)
    return redirect(url_for("auth.sign_in", next=next_url))


def _make_csp_nonce():
    g.csp_nonce = secrets.token_urlsafe(16)


def _security_headers(response):
    nonce = getattr(g, "csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_user.is_authenticated and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _template_security() -> dict:
    timeout = current_app.config["SESSION_IDLE_TIMEOUT"]
    warning = current_app.config["SESSION_WARNING_BEFORE"]
    return {
        "csp_nonce": getattr(g, "csp_nonce", ""),
        "idle_timeout_seconds": int(timeout.total_seconds()),
        "idle_warning_seconds": int(warning.total_seconds()),
    }


def safe_next_url(target: str | None) -> str | None:
    """Return the target only if every browser would read it as a path on this site, to prevent open redirects."""
    if not target or len(target) > 2000:
        return None
    # Browsers drop tabs and line breaks, read a backslash as a slash and decode %-escapes in hosts,
    # so judge both the value as given and as decoded.
    if any(ch.isspace() for ch in target):
        return None
    for candidate in (target, unquote(target)):
        if not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
            return None
        if not candidate.isprintable() or candidate[1:2].isspace():
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    return target
