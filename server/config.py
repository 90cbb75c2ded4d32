"""Settings from environment variables, with safe defaults for the embedded single-process setup."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _secret_key(instance_dir: Path) -> str:
    """Use KYHOP_SECRET_KEY, else a key generated once and kept in the instance folder (mode 0600)."""
    given = _env("KYHOP_SECRET_KEY")
    if given:
        return given
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _secret(name: str) -> str | None:
    """A secret given as NAME, or read from the file named by NAME_FILE (a Docker/systemd secret)."""
    path = _env(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return _env(name)


def _path(name: str) -> Path | None:
    value = _env(name)
    return Path(value).resolve() if value else None


def _trusted_proxies() -> int:
    value = _env("KYHOP_TRUSTED_PROXIES", "0")
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise ValueError(f"KYHOP_TRUSTED_PROXIES must be a whole number ≥ 0 (got {value!r})")
    return count


@dataclass
class Config:
    instance_dir: Path
    database_url: str
    documents_dir: Path
    secret_key: str
    message_queue: str | None = None
    message_queue_channel: str = "kyhop"
    language: str = "vi"
    secure_cookies: bool = False
    testing: bool = False
    login_max_failures: int = 5
    login_window_s: int = 600
    max_upload_bytes: int = 100 * 1024 * 1024
    x_accel_prefix: str | None = None  # e.g. "/_kyhop_documents/": nginx serves the files (X-Accel-Redirect)
    # proxies in front whose X-Forwarded-For / X-Forwarded-Proto are believed (1 behind the documented nginx):
    # the client's address (login throttling) and whether it came over HTTPS (HSTS, url scheme)
    trusted_proxies: int = 0
    client_dist: Path = field(default_factory=lambda: PROJECT_ROOT / "client" / "dist")
    # RFC 3161 time-stamping authority (the seal at bế mạc, PAdES B-T signatures); None: no timestamps
    tsa_url: str | None = None
    # the council office's signing certificate: a PKCS#12 file, or a PKCS#11 token (docs/signing.md)
    sign_p12: Path | None = None
    sign_p12_passphrase: str | None = field(default=None, repr=False)
    pkcs11_module: str | None = None
    pkcs11_token: str | None = None
    pkcs11_key: str | None = None
    pkcs11_pin: str | None = field(default=None, repr=False)
    # PEM bundle of the roots a signature on an uploaded PDF is checked against
    trust_roots: Path | None = None
    # the mail server reminders to agencies are sent through (docs/petitions.md); no host: no e-mail
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str = "kyhop@localhost"
    smtp_starttls: bool = True

    @classmethod
    def from_env(cls, **overrides) -> "Config":
        instance_dir = Path(_env("KYHOP_INSTANCE_DIR", str(PROJECT_ROOT / "instance"))).resolve()
        values = dict(
            instance_dir=instance_dir,
            database_url=_env("KYHOP_DATABASE_URL", f"sqlite:///{instance_dir / 'kyhop.db'}"),
            documents_dir=Path(_env("KYHOP_DOCUMENTS_DIR", str(PROJECT_ROOT / "documents"))).resolve(),
            message_queue=_env("KYHOP_MESSAGE_QUEUE"),
            message_queue_channel=_env("KYHOP_MESSAGE_QUEUE_CHANNEL", "kyhop"),
            language=_env("KYHOP_LANGUAGE", "vi"),
            secure_cookies=_env("KYHOP_SECURE_COOKIES", "0") == "1",
            max_upload_bytes=int(_env("KYHOP_MAX_UPLOAD_MB", "100")) * 1024 * 1024,
            x_accel_prefix=_env("KYHOP_X_ACCEL_PREFIX"),
            trusted_proxies=_trusted_proxies(),
            tsa_url=_env("KYHOP_TSA_URL"),
            sign_p12=_path("KYHOP_SIGN_P12"),
            sign_p12_passphrase=_secret("KYHOP_SIGN_P12_PASSPHRASE"),
            pkcs11_module=_env("KYHOP_PKCS11_MODULE"),
            pkcs11_token=_env("KYHOP_PKCS11_TOKEN"),
            pkcs11_key=_env("KYHOP_PKCS11_KEY"),
            pkcs11_pin=_secret("KYHOP_PKCS11_PIN"),
            trust_roots=_path("KYHOP_TRUST_ROOTS"),
            smtp_host=_env("KYHOP_SMTP_HOST"),
            smtp_port=int(_env("KYHOP_SMTP_PORT", "587")),
            smtp_user=_env("KYHOP_SMTP_USER"),
            smtp_password=_secret("KYHOP_SMTP_PASSWORD"),
            smtp_from=_env("KYHOP_SMTP_FROM", "kyhop@localhost"),
            smtp_starttls=_env("KYHOP_SMTP_STARTTLS", "1") == "1",
            client_dist=Path(_env("KYHOP_CLIENT_DIST", str(PROJECT_ROOT / "client" / "dist"))).resolve(),
        )
        values.update(overrides)
        if "secret_key" not in values:
            values["secret_key"] = _secret_key(values["instance_dir"])
        return cls(**values)
