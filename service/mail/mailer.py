"""SMTP transport (standard library only): hand a built e-mail to the configured server."""
import smtplib
import ssl
from dataclasses import dataclass

TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class MailerConfigError(ValueError):
    """The SMTP settings cannot work (raised at start-up, not at the first send)."""


@dataclass(frozen=True)
class SmtpMailer:
    """One SMTP server and the account Stepwise sends from; a new connection per batch."""

    host: str
    port: int
    tls: str = "starttls"
    username: str = ""
    password: str = ""
    from_address: str = ""
    timeout: float = 20.0

    def open(self):
        """A connected, signed-in SMTP session; close it with ``quit()``."""
        if self.tls == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        try:
            if self.username:
                smtp.login(self.username, self.password)
        except Exception:
            smtp.close()
            raise
        return smtp

    def send(self, smtp, message, recipients):
        """Send one ``EmailMessage`` to ``recipients`` over an open session.

        Returns the recipients the server refused, {address: (code, reply)}, while the others
        have it; raises ``smtplib.SMTPRecipientsRefused`` when it refused every one of them.
        """
        return smtp.send_message(message, from_addr=self.from_address, to_addrs=list(recipients))


def from_settings(settings):
    """An ``SmtpMailer`` from config keys SMTP_*/MAIL_FROM, or None when SMTP_HOST is unset."""
    host = (settings.get("SMTP_HOST") or "").strip()
    if not host:
        return None
    tls = (settings.get("SMTP_TLS") or "starttls").strip().lower()
    if tls not in TLS_MODES:
        raise MailerConfigError(f"SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
    port = settings.get("SMTP_PORT") or DEFAULT_PORTS[tls]
    try:
        port = int(port)
    except (TypeError, ValueError):
        raise MailerConfigError(f"SMTP_PORT must be a number, not {port!r}") from None
    from_address = (settings.get("MAIL_FROM") or "").strip()
    if "@" not in from_address:
        raise MailerConfigError("MAIL_FROM must be set to the address Stepwise sends from")
    return SmtpMailer(host=host, port=port, tls=tls, username=settings.get("SMTP_USERNAME") or "",
                      password=settings.get("SMTP_PASSWORD") or "", from_address=from_address,
                      timeout=float(settings.get("SMTP_TIMEOUT") or 20))


ENV_KEYS = ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS", "SMTP_USERNAME", "SMTP_PASSWORD", "MAIL_FROM",
            "SMTP_TIMEOUT", "PUBLIC_URL")


def settings_from_env(environ):
    """Config values from STEPWISE_SMTP_HOST, STEPWISE_MAIL_FROM… (only those that are set)."""
    return {key: environ[f"STEPWISE_{key}"] for key in ENV_KEYS if environ.get(f"STEPWISE_{key}")}
