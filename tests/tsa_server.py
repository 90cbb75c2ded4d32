"""A real RFC 3161 time-stamping authority for the tests, in its own process:

    python -m tests.tsa_server TSA_CERT.pem TSA_KEY.pem ROOT.pem PORT

POST /tsa with an application/timestamp-query body answers an application/timestamp-reply signed with
the TSA certificate (pyHanko's DummyTimeStamper does the ASN.1 and the signature); GET /health answers ok.
"""
from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys, pem, tsp, x509
from pyhanko.sign.timestamps import DummyTimeStamper


def _der(path: str) -> bytes:
    data = open(path, "rb").read()
    return pem.unarmor(data)[2] if pem.detect(data) else data


def main() -> None:
    cert_path, key_path, root_path, port = sys.argv[1:5]
    cert, root = x509.Certificate.load(_der(cert_path)), x509.Certificate.load(_der(root_path))
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=keys.PrivateKeyInfo.load(_der(key_path)),
                               certs_to_embed=[root])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200 if self.path == "/health" else 404)
            self.end_headers()
            self.wfile.write(b"ok")

        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            except Exception:  # noqa: BLE001 - a bad request is a 400, like a real TSA
                self.send_response(400)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()


if __name__ == "__main__":
    main()
