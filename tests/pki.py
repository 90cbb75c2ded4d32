"""A test PKI made at test time (nothing private is committed): a root, a time-stamping authority and the
council office's signing certificate, as PEM files and a PKCS#12; and a real TSA in its own process
(tests/tsa_server.py) answering RFC 3161 requests over HTTP.

    pki = make_pki(tmp)        # Pki(root, tsa_cert, tsa_key, signer_cert, signer_key, p12, passphrase)
    with running_tsa(pki) as url: ...
"""
from __future__ import annotations

import contextlib
import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "mat-khau-chung-thu-so"


@dataclass
class Pki:
    dir: Path
    root: Path          # PEM: the trust anchor (KYHOP_TRUST_ROOTS)
    tsa_cert: Path
    tsa_key: Path
    signer_cert: Path
    signer_key: Path    # PEM, unencrypted: SoftHSM import
    p12: Path           # the council office's certificate and key (KYHOP_SIGN_P12)
    passphrase: str = PASSPHRASE


def _name(cn: str, org: str = "kyhop test PKI") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _ku(**on) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def _issue(subject: x509.Name, key, issuer: x509.Name, issuer_key, ca: bool, usage: x509.KeyUsage,
           eku: list | None = None) -> x509.Certificate:
    now = datetime.datetime.now(datetime.timezone.utc)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
         .not_valid_after(now + datetime.timedelta(days=365))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(usage, critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


def _pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def _key(path: Path, key) -> Path:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    os.chmod(path, 0o600)
    return path


def make_pki(d: Path, signer: str = "Văn phòng HĐND tỉnh Vân Sơn") -> Pki:
    d.mkdir(parents=True, exist_ok=True)
    root_key = rsa.generate_private_key(65537, 2048)
    root_name = _name("kyhop test root CA")
    root = _issue(root_name, root_key, root_name, root_key, True, _ku(key_cert_sign=True, crl_sign=True))
    tsa_key = rsa.generate_private_key(65537, 2048)
    tsa = _issue(_name("kyhop test TSA"), tsa_key, root_name, root_key, False, _ku(digital_signature=True),
                 [ExtendedKeyUsageOID.TIME_STAMPING])
    signer_key = rsa.generate_private_key(65537, 2048)
    signer_cert = _issue(_name(signer, "Hội đồng nhân dân tỉnh Vân Sơn"), signer_key, root_name, root_key, False,
                         _ku(digital_signature=True, content_commitment=True))
    p12 = d / "council-office.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"council-office", signer_key, signer_cert, [root],
        serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    return Pki(dir=d, root=_pem(d / "root.pem", root), tsa_cert=_pem(d / "tsa.pem", tsa),
               tsa_key=_key(d / "tsa-key.pem", tsa_key), signer_cert=_pem(d / "signer.pem", signer_cert),
               signer_key=_key(d / "signer-key.pem", signer_key), p12=p12)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_tsa(pki: Pki):
    """A TSA process on 127.0.0.1 (tests/tsa_server.py); yields its URL, stops it at the end."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.tsa_server", str(pki.tsa_cert), str(pki.tsa_key),
                             str(pki.root), str(port)], cwd=ROOT)
    url = f"http://127.0.0.1:{port}/tsa"
    try:
        deadline = time.time() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("the test TSA did not start")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def tsa(pki):
    with running_tsa(pki) as url:
        yield url
