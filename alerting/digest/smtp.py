"""Sending mail over SMTP with STARTTLS and login from configuration, retrying transient failures.

The password is read from a file (a docker secret), never from the command line or a URL.
"""

import logging
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
PERMANENT = 500  # SMTP replies 5xx will not succeed on a retry


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where and how to send mail."""

    host: str = "127.0.0.1"
    port: int = 587
    starttls: bool = True
    username: str = ""
    password_file: Path | None = None
    ca_file: Path | None = None  # trust this CA (e.g. a private relay's); default: the system's
    sender: str = "Netra <netra@localhost>"
    timeout: float = 30.0
    attempts: int = 4
    first_wait: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "SmtpConfig":
        """From NETRA_SMTP_HOST, _PORT, _STARTTLS (true/false), _USER, _PASSWORD_FILE, _CA_FILE
        and NETRA_MAIL_FROM."""

        def path(name: str) -> Path | None:
            return Path(env[name]) if env.get(name) else None

        return cls(
            host=env.get("NETRA_SMTP_HOST", "127.0.0.1"),
            port=int(env.get("NETRA_SMTP_PORT", "587")),
            starttls=env.get("NETRA_SMTP_STARTTLS", "true").lower() not in ("0", "false", "no"),
            username=env.get("NETRA_SMTP_USER", ""),
            password_file=path("NETRA_SMTP_PASSWORD_FILE"),
            ca_file=path("NETRA_SMTP_CA_FILE"),
            sender=env.get("NETRA_MAIL_FROM", "Netra <netra@localhost>"),
        )


class SendFailed(Exception):
    """The message could not be handed to the mail server (after the retries, or permanently)."""


class SmtpSender:
    """Hands messages to one SMTP server; each call opens a fresh, authenticated connection."""

    def __init__(self, config: SmtpConfig, on_retry: Callable[[], None] = lambda: None) -> None:
        self.config = config
        self._on_retry = on_retry

    def send(self, data: bytes, mail_from: str, recipients: Sequence[str]) -> None:
        """Hand these exact bytes to the server, retrying transient failures with doubling waits;
        SendFailed if it cannot."""
        wait = self.config.first_wait
        for attempt in range(1, self.config.attempts + 1):
            try:
                self._send_once(data, mail_from, recipients)
                return
            except (smtplib.SMTPException, OSError) as exc:
                code = getattr(exc, "smtp_code", 0)
                if code >= PERMANENT or attempt == self.config.attempts:
                    raise SendFailed(f"to {', '.join(recipients)}: {exc!r}") from exc
                log.warning("SMTP attempt %d failed (%r); retrying in %.1fs", attempt, exc, wait)
                self._on_retry()
                time.sleep(wait)
                wait *= 2

    def _send_once(self, data: bytes, mail_from: str, recipients: Sequence[str]) -> None:
        config = self.config
        with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
            if config.starttls:
                context = ssl.create_default_context(cafile=str(config.ca_file) if config.ca_file else None)
                smtp.starttls(context=context)
            if config.username:
                smtp.login(config.username, _read_secret(config.password_file))
            smtp.sendmail(mail_from, list(recipients), data)


def _read_secret(path: Path | None) -> str:
    if path is None:
        raise SendFailed("NETRA_SMTP_USER is set but NETRA_SMTP_PASSWORD_FILE is not")
    return path.read_text(encoding="utf-8").rstrip("\n")
