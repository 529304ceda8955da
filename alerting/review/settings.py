"""Knobs of the review app's security: cookies, proxies, session lifetimes, login limits, sizes."""

from dataclasses import dataclass

from netra.store.deadlines import DEFAULT_DEADLINES, Deadlines


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """Defaults suit production behind TLS; `secure_cookies=False` only for plain-http loopback dev."""

    secure_cookies: bool = True
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; none by default.
    trusted_proxies: tuple[str, ...] = ()
    idle_seconds: int = 30 * 60
    absolute_seconds: int = 12 * 3600
    # Lockout: this many failures for one username within the window lock it for the window.
    max_failures: int = 5
    failure_window_seconds: int = 15 * 60
    # Rate limit: this many failures from one client address within the window refuse its logins.
    max_client_failures: int = 20
    max_body_bytes: int = 64 * 1024
    # Days after discovery a case may stay in each status (`netra review --deadline STATUS=DAYS`).
    deadlines: Deadlines = DEFAULT_DEADLINES
