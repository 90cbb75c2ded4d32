"""The public archive's pages need from the API: a closed public session's minutes (and their signed copy),
its open-data bundle, its resolutions with their numbers, and each delegate's record with the item voted
on — under the same publicity checks as the rest of the public archive: a session not public, not closed,
of another council, or a document not public is never served."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from server import migrate
from server.app import create_app
from server.archive.bundle import verify_bundle
from tests.api.test_chain_anchors import _rezip
from tests.api.test_public import publish_session
from tests.api.test_public_limits import ABSURD, assert_not_found
from tests.conftest import make_config, open_session
from tests.pki import pki  # noqa: F401 - fixture

FILES = ("minutes.pdf", "minutes.signed.pdf", "bundle.zip")


@pytest.fixture
def app(tmp_path, pki):  # noqa: F811 - the office's certificate, to sign the minutes
    cfg = make_config(tmp_path, sign_p12=pki.p12, sign_p12_passphrase=pki.passphrase, trust_roots=pki.root)
    migrate.upgrade(cfg.database_url)
    return create_app(cfg)


def close_public(council, client_for):
    """publish_session's session (a document of each access, an open vote and a secret election), closed
    (bế mạc) and marked public."""
    open_poll, secret = publish_session(council, client_for)
    sec, chair = client_for("athuky"), client_for("achutich")
    assert chair.post(f"/api/sessions/{council.session_id}/control", {"action": "close"}).status_code == 200
    assert sec.patch(f"/api/sessions/{council.session_id}", {"public": True}).status_code == 200
    return open_poll, secret


def test_a_closed_public_session_has_its_minutes_resolutions_and_bundle(app, council, client_for):
    chair = open_session(client_for, council, present=5)
    base = f"/api/sessions/{council.session_id}"
    chair.post(f"{base}/control", {"action": "next", "from_item_id": council.item_ids[0]})
    poll = chair.post(f"{base}/polls", {"title": "Nghị quyết dự toán", "kind": "open",
                                        "agenda_item_id": council.item_ids[0]}).json["poll"]
    chair.post(f"/api/polls/{poll['id']}/open")
    for u in ("achutich", "adb01", "adb02", "adb03", "adb04"):
        client_for(u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"pass-{u}-0000000000", "choice": "for"})
    assert chair.post(f"/api/polls/{poll['id']}/close").status_code == 200
    sec = client_for("athuky")
    r = sec.post(f"/api/polls/{poll['id']}/resolution", {"normative": False})
    assert r.status_code == 201, r.json
    assert chair.post(f"{base}/control", {"action": "close"}).status_code == 200
    anon = client_for()
    assert_not_found(anon.get(f"/api/public/sessions/{council.session_id}/minutes.pdf"), "closed, not public")
    assert sec.patch(base, {"public": True}).status_code == 200
    page = anon.get(f"/api/public/sessions/{council.session_id}").json
    (res,) = page["resolutions"]
    assert res["code"] == "Số: 01/NQ-HĐND" and res["poll_id"] == poll["id"]
    assert page["polls"][0]["agenda_item_id"] == council.item_ids[0]
    files = page["files"]
    assert files["minutes_pdf"] and files["bundle"] and files["minutes_signed_pdf"] is None
    pdf = anon.get(files["minutes_pdf"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    assert anon.get(files["minutes_pdf"]).data == pdf.data  # rendered once, kept
    assert_not_found(anon.get(f"/api/public/sessions/{council.session_id}/minutes.signed.pdf"), "not signed yet")
    assert sec.post(f"{base}/minutes/sign").status_code == 201
    files = anon.get(f"/api/public/sessions/{council.session_id}").json["files"]
    signed = anon.get(files["minutes_signed_pdf"])
    assert signed.status_code == 200 and signed.data.startswith(b"%PDF") and b"/ByteRange" in signed.data
    record = anon.get(f"/api/public/delegates/{council.users['adb01']}/votes").json
    (vote,) = record["votes"]
    assert vote["choice"] == "for" and vote["item"]["id"] == council.item_ids[0] and vote["item"]["number"] == "1"
    assert vote["session_date"] and record["council"]["id"] == council.council_id


def test_the_public_bundle_holds_only_public_content_and_verifies(app, council, client_for):
    close_public(council, client_for)
    anon = client_for()
    r = anon.get(f"/api/public/sessions/{council.session_id}/bundle.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.data))
    everything = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    for private in ("Tài liệu mật", "Chỉ đại biểu"):
        assert private not in everything, private
    assert [n for n in z.namelist() if n.startswith("documents/")] == [
        n for n in z.namelist() if n.startswith("documents/") and "bao-cao-cong-khai" in n] != []
    entries = json.loads(z.read("chain.json"))["entries"]
    withheld = [e for e in entries if e.get("withheld")]
    assert len(withheld) == 2 and {e["kind"] for e in withheld} == {"documents.added"}
    assert all("data" not in e for e in withheld)
    assert verify_bundle(r.data) == []  # the chain around what is withheld still verifies, seal included
    # the staff's bundle keeps every entry whole
    full = zipfile.ZipFile(io.BytesIO(client_for("athuky").get(f"/api/sessions/{council.session_id}/bundle.zip").data))
    assert "Tài liệu mật" in full.read("chain.json").decode()
    # a forger cannot hide a result behind "withheld": only documents' entries may be
    ch = json.loads(z.read("chain.json"))
    closed = next(e for e in ch["entries"] if e["kind"] == "poll.closed")
    for k in ("data", "actor_id", "at", "state_sha256"):
        closed.pop(k)
    closed["withheld"] = True
    forged = {n: z.read(n) for n in z.namelist()} | {"chain.json": json.dumps(ch).encode()}
    assert any("withheld, but only the entries of documents" in p for p in verify_bundle(_rezip(forged)))


def test_minutes_and_bundle_only_of_a_closed_public_session(app, council, other_council, client_for):
    open_poll, secret = publish_session(council, client_for)
    anon = client_for()
    sid = council.session_id
    sec = client_for("athuky")
    for f in FILES:  # in progress, not public
        assert_not_found(anon.get(f"/api/public/sessions/{sid}/{f}"), f)
    assert sec.patch(f"/api/sessions/{sid}", {"public": True}).status_code == 200
    page = anon.get(f"/api/public/sessions/{sid}").json
    assert page["files"] == {"minutes_pdf": None, "minutes_signed_pdf": None, "bundle": None}
    for f in FILES:  # public, in progress: the minutes are a draft, the bundle does not exist yet
        assert_not_found(anon.get(f"/api/public/sessions/{sid}/{f}"), f)
    assert client_for("achutich").post(f"/api/sessions/{sid}/control", {"action": "close"}).status_code == 200
    assert anon.get(f"/api/public/sessions/{sid}/minutes.pdf").status_code == 200
    assert anon.get(f"/api/public/sessions/{sid}/bundle.zip").status_code == 200
    # the other council's session, held and closed but not public; absurd and unknown ids
    chair_b = open_session(client_for, other_council)
    assert chair_b.post(f"/api/sessions/{other_council.session_id}/control", {"action": "close"}).status_code == 200
    for f in FILES:
        for value in [*ABSURD, "999999", str(other_council.session_id)]:
            r = anon.get(f"/api/public/sessions/{value}/{f}")
            assert_not_found(r, f"{value[:20]}/{f}")
    # made private again: gone
    assert sec.patch(f"/api/sessions/{sid}", {"public": False}).status_code == 200
    for f in FILES:
        assert_not_found(anon.get(f"/api/public/sessions/{sid}/{f}"), f)


def test_a_resolution_names_its_document_only_when_public(app, council, client_for):
    chair = open_session(client_for, council, present=5)
    base = f"/api/sessions/{council.session_id}"
    sec = client_for("athuky")
    docs = {}
    from server.documents.samples import make_pdf
    from tests.api.test_documents import upload
    for title, access in (("Dự thảo công khai", "public"), ("Dự thảo mật", "confidential")):
        upload(sec, council, make_pdf(title, 1), title=title, access=access)
    for d in sec.get(f"{base}/documents").json["documents"]:
        docs[d["access"]] = d["id"]
    for access in ("public", "confidential"):
        poll = chair.post(f"{base}/polls", {"title": f"Nghị quyết {access}", "kind": "open"}).json["poll"]
        chair.post(f"/api/polls/{poll['id']}/open")
        for u in ("achutich", "adb01", "adb02", "adb03", "adb04"):
            client_for(u).post(f"/api/polls/{poll['id']}/ballots", {"request_id": f"{access}-{u}-00000000", "choice": "for"})
        chair.post(f"/api/polls/{poll['id']}/close")
        assert sec.post(f"/api/polls/{poll['id']}/resolution",
                        {"normative": access == "public", "document_id": docs[access]}).status_code == 201
    assert sec.patch(base, {"public": True}).status_code == 200
    page = client_for().get(f"/api/public/sessions/{council.session_id}")
    by_title = {r["title"]: r for r in page.json["resolutions"]}
    assert by_title["Nghị quyết public"]["document_url"] == f"/api/public/documents/{docs['public']}/file"
    assert by_title["Nghị quyết public"]["code"].endswith("/NQ-HĐND") and "/20" in by_title["Nghị quyết public"]["code"]
    hidden = by_title["Nghị quyết confidential"]
    assert hidden["document_url"] is None and hidden["document_id"] is None
    assert "Dự thảo mật" not in page.get_data(as_text=True)
