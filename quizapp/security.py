"""Signing in, roles, idle timeout and security headers."""

import hmac
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.serializer import Serializer
from sqlalchemy import bindparam, select
from sqlalchemy.orm import lazyload
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from quizapp.extensions import db, login_manager
from quizapp.models import User, UserRole
from quizapp.models.types import utcnow
from quizapp.templating import keep, remembered

LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"
MAX_DATABASE_INT = 2**31 - 1
SIGNED_OUT = "You have been signed out"
# How far a session's recorded last-seen time may lag behind its latest request. The cookie is signed and sent again
# only when that time is written: writing it on every request re-signed the cookie on every page and autosave.
LAST_SEEN_STEP = timedelta(minutes=1)
# Sessions remembered once read (see CookieSessions): about a kilobyte each with the cookie, 5 MB at most.
MOST_SESSIONS_REMEMBERED = 5_000
_PLAIN = (str, int, float, bool, type(None))
# Endpoints whose POST is saved for the signed-out learner when their session idles out.
expiry_savers: dict[str, Callable] = {}


def init_app(app: Flask) -> None:
    """Wire Flask-Login, the idle timeout and the response headers into the app."""
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    app.url_map.converters["int"] = DatabaseIntConverter
    app.session_interface = CookieSessions()
    app.before_request(refuse_unstorable_input)
    app.before_request(_enforce_idle_timeout)
    app.before_request(_make_csp_nonce)
    app.before_request(_reuse_signed_form_token)
    app.after_request(_security_headers)
    app.after_request(_remember_signed_form_token)
    app.context_processor(_template_security)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]


class UncompressedSerializer(URLSafeTimedSerializer):
    """Flask's signed cookie serializer, writing the payload without trying zlib first.

    A session is a few short strings that compression barely shortens, and each zlib.compress sets up a quarter
    of a megabyte of state: under gunicorn's threads it was a fifth of a question page's time. Cookies written
    compressed before still read, as the reading side is unchanged.
    """

    def dump_payload(self, obj) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with one uncompressed serializer for the app's keys, and each cookie read
    once per process.

    A browser sends the same cookie on every request until the session changes (at most once a minute, see
    LAST_SEEN_STEP), yet checking its signature and decoding it took 4-5 % of a learner page. A cookie checked once
    is remembered, with the time its signature stops being accepted, and read from memory until then. Only cookies
    whose values are all plain strings, numbers or flags are remembered: each request gets a copy of its own to
    change, and a list (flashed messages) would be shared.
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}
        self._read: dict[tuple, tuple[dict, float]] = {}

    def open_session(self, app: Flask, request):
        serializer = self.get_signing_serializer(app)
        value = request.cookies.get(self.get_cookie_name(app))
        if serializer is None or not value:
            return super().open_session(app, request)
        key = (serializer, value)
        known = self._read.get(key)
        if known is not None and time.time() < known[1]:
            return self.session_class(known[0])
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if all(type(item) in _PLAIN for item in data.values()):
            keep(self._read, key, (data, signed_at.timestamp() + max_age), MOST_SESSIONS_REMEMBERED)
        return self.session_class(data)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        # The current key comes last: itsdangerous signs with it and also accepts the fallbacks.
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        serializer = self._serializers.get(keys)
        if serializer is None:
            signer = {"key_derivation": self.key_derivation, "digest_method": self.digest_method}
            serializer = UncompressedSerializer(keys, salt=self.salt, serializer=self.serializer, signer_kwargs=signer)
            self._serializers[keys] = serializer
        return serializer


# One query: the person and their role names (a row for each), which every page's access check and navigation reads.
# The names are read as plain values, not role rows: building those objects was a fifth of loading the person. A
# deactivated account's sessions end at once, whatever cookie it holds. Built once, as every request runs it.
_SIGNED_IN_USER = (
    select(User, UserRole.role)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(User.session_token == bindparam("session_token"), User.active.is_(True))
    .options(lazyload(User.role_rows))
)


@login_manager.user_loader
def _load_user(session_token: str) -> User | None:
    rows = db.session.execute(_SIGNED_IN_USER, {"session_token": session_token}).all()
    if not rows:
        return None
    user = rows[0][0]
    user.know_roles(role for _, role in rows if role is not None)
    return user


class DatabaseIntConverter(IntegerConverter):
    """Whole numbers in URLs, limited to what a database integer holds, so a bigger id is simply not found."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", MAX_DATABASE_INT)
        super().__init__(map, *args, **kwargs)


def checks_own_text(view):
    """Mark a view whose form reports unstorable characters in its answers by the field."""
    view.checks_own_text = True
    return view


def refuse_unstorable_input():
    """Answer 400 to malformed UTF-8 anywhere, or a NUL character the database cannot store."""
    if not well_formed(request):
        abort(400)
    view = current_app.view_functions.get(request.endpoint or "")
    form_values = [] if getattr(view, "checks_own_text", False) else request.form.values()
    if any("\x00" in value for value in [request.path, *request.args.values(), *form_values]):
        abort(400)


def well_formed(req) -> bool:
    """Say whether the path, query string and form body are valid UTF-8 once %-escapes are decoded."""
    encoded = [req.query_string]
    if req.mimetype == "application/x-www-form-urlencoded":
        encoded.append(req.get_data(cache=True).replace(b"+", b" "))
    plain = [req.environ.get("PATH_INFO", "").encode("latin-1", errors="replace")]
    if req.mimetype == "multipart/form-data" and not req.files:
        plain.append(req.get_data(cache=True))
    try:
        for text in plain + [unquote_to_bytes(pair) for part in encoded for pair in part.split(b"&")]:
            text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
                if from_script():
                    return {"saved": False, "error": SIGNED_OUT}, 401
                return login_manager.unauthorized()
            if roles and not (current_user.roles & set(roles)):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = roles or ("signed-in",)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def from_script() -> bool:
    """Say whether a script sent this request, so it needs an answer it can read rather than a page."""
    return request.headers.get("X-Requested-With") == "fetch"


def idle_expired(last_seen: str | None, now: datetime) -> bool:
    """Say whether a session last seen at this ISO time has passed the idle timeout."""
    if not last_seen:
        return False
    return now - datetime.fromisoformat(last_seen) > current_app.config["SESSION_IDLE_TIMEOUT"]


def lifetime_expired(signed_in_at: str | None, now: datetime) -> bool:
    """Say whether a session begun at this ISO time has passed its absolute lifetime, however active."""
    if not signed_in_at:
        return False
    return now - datetime.fromisoformat(signed_in_at) > current_app.config["SESSION_LIFETIME"]


def start_session(user: User) -> None:
    """Sign this person in on a fresh session, so nothing from before signing in carries over."""
    session.clear()
    login_user(user)
    now = utcnow().isoformat()
    session[LAST_SEEN] = now
    session[SIGNED_IN_AT] = now


def _enforce_idle_timeout():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = utcnow()
    if lifetime_expired(session.get(SIGNED_IN_AT), now):
        reason = "You were signed out because you had been signed in for a long time."
    elif idle_expired(session.get(LAST_SEEN), now):
        reason = "You were signed out because you were inactive for a while."
    else:
        g.idle_seconds_left = note_activity(now)
        return None
    return _end_session(reason)


def note_activity(now: datetime, renew: bool = False) -> int:
    """Record this request as the session's last activity once the recorded one is a minute old (at once if renew),
    and return the seconds the session may now stay idle.

    The timeout runs from the recorded time, to the second, so a session may end up to a minute sooner after its
    last request than the full timeout: pages and autosaves tell the timeout warning exactly how long is left.
    """
    timeout = current_app.config["SESSION_IDLE_TIMEOUT"]
    recorded = session.get(LAST_SEEN)
    idle = now - datetime.fromisoformat(recorded) if recorded else None
    if renew or idle is None or idle >= LAST_SEEN_STEP:
        session[LAST_SEEN] = now.isoformat()
        idle = timedelta(0)
    return int((timeout - idle).total_seconds())


def _end_session(reason: str):
    saver = expiry_savers.get(request.endpoint or "") if request.method == "POST" else None
    saved = bool(saver and saver(current_user._get_current_object(), request.view_args or {}))
    if request.endpoint == "auth.sign_in":
        next_url = safe_next_url(request.args.get("next"))
    else:
        next_url = request.full_path if request.method == "GET" else request.path
    logout_user()
    session.clear()
    if saved:
        reason += " Your answer was saved. Sign in to carry on where you left off."
    flash(reason, "info")
    if from_script():
        return {"saved": saved, "error": SIGNED_OUT}, 401
    return redirect(url_for("auth.sign_in", next=next_url))


def _make_csp_nonce():
    g.csp_nonce = secrets.token_urlsafe(16)


# Signed form tokens by secret key and the session's raw token. Flask-WTF signs the raw token afresh on every page
# (a serializer and an HMAC); with no time limit on tokens, the signed token it made once serves every later page.
_signed_tokens: dict[tuple[str | bytes, str], str] = {}
FORM_TOKEN = "csrf_token"


def _reuse_signed_form_token():
    raw = session.get(FORM_TOKEN)
    if raw and current_app.config["WTF_CSRF_TIME_LIMIT"] is None:
        signed = _signed_tokens.get((_form_token_secret(), raw))
        if signed:
            setattr(g, FORM_TOKEN, signed)  # where Flask-WTF's generate_csrf looks first
            # A form posting back that very token is one Flask-WTF's check would pass (there is no time limit), so
            # the form need not verify its signature again. Any other token is checked in full.
            posted = request.form.get(FORM_TOKEN) if request.method == "POST" else None
            if posted and hmac.compare_digest(posted, signed):
                g.csrf_valid = True  # what Flask-WTF's forms read as "already checked"


def _remember_signed_form_token(response):
    raw, signed = session.get(FORM_TOKEN), g.get(FORM_TOKEN)
    if not (raw and signed) or current_app.config["WTF_CSRF_TIME_LIMIT"] is not None:
        return response
    key = (_form_token_secret(), raw)
    if key not in _signed_tokens and _signs(signed, raw):
        remembered(_signed_tokens, key, lambda: signed)
    return response


def _form_token_secret() -> str | bytes:
    return current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key or ""


def _signs(signed: str, raw: str) -> bool:
    # A session cleared and begun afresh during the request (signing in) may hold a new raw token.
    try:
        return URLSafeTimedSerializer(_form_token_secret(), salt="wtf-csrf-token").loads(signed) == raw
    except BadSignature:
        return False


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
    if current_app.config.get("HSTS"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user.is_authenticated and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _template_security() -> dict:
    timeout = current_app.config["SESSION_IDLE_TIMEOUT"]
    warning = current_app.config["SESSION_WARNING_BEFORE"]
    return {
        "csp_nonce": getattr(g, "csp_nonce", ""),
        "idle_timeout_seconds": int(timeout.total_seconds()),
        "idle_seconds_left": getattr(g, "idle_seconds_left", int(timeout.total_seconds())),
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
