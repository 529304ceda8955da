"""The case file in the review app: a real PDF, hostile content kept as text, exports audited, languages."""

import hashlib
import io
import re
from pathlib import Path

import msgspec
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from pypdf import PdfReader

from alerting.review.guard import CSP
from netra.app.cli import main
from netra.domain.decision import Evidence
from netra.domain.post import Author
from netra.domain.snapshot import post_sha256
from tests.alerting.review_world import World
from tests.factories import flagged

SCRIPT = '<script>alert("xss")</script>'
HOSTILE = {
    "text": f"Ayo coblos nomor 1 \U0001f525 {SCRIPT} sekarang",
    "display_name": "<img src=x onerror=alert(1)>",
    "bio": "</pre><b>bio</b>",
    "location": "<iframe src=//evil.example>",
    "url": "javascript:alert(1)",
    "rule": "<u>rule</u>",
    "raw": "<script>raw()</script>",
    "note": "<svg onload=alert(2)>",
    "reason": '"><script>reason()</script>',
}
UNESCAPED = ("<script>", "<img src=x", "<iframe", "<svg", "<b>bio", "<u>rule", 'href="javascript:')


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The review world plus x:9, a confirmed case in region A whose every field is hostile."""
    world = World(tmp_path_factory.mktemp("casefile"))
    base = flagged("9", wilayah="Kabupaten Alfa", instansi="Pemerintah Kabupaten Alfa", text=HOSTILE["text"])
    post = msgspec.structs.replace(
        base.post,
        author=Author(handle="asn9", display_name=HOSTILE["display_name"], bio=HOSTILE["bio"],
                      location=HOSTILE["location"]),
        url=HOSTILE["url"],
        raw={"html": HOSTILE["raw"]},
    )
    start = HOSTILE["text"].index("<script>")
    evidence = [Evidence("endorsement", start, start + len(SCRIPT), SCRIPT, HOSTILE["rule"])]
    decision = msgspec.structs.replace(base.decision, evidence=evidence)
    world.store.record(msgspec.structs.replace(base, post=post, post_sha256=post_sha256(post), decision=decision))
    claimed = world.store.claim("x:9", "rev-a", world.revision("x:9"))
    world.store.add_note("x:9", "rev-a", HOSTILE["note"])
    world.store.transition("x:9", "confirmed", "rev-a", claimed.revision, HOSTILE["reason"])
    return world


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_is_a_formal_report_with_the_post_hashes_and_history(world: World) -> None:
    answer = world.client("rev-a").get("/cases/x:1/case-file.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'attachment; filename="case-file-x_1.pdf"'
    text = _pdf_text(answer.content)
    case = world.store.case("x:1", "test")
    assert case is not None
    for shown in ("Berkas kasus", "Ayo coblos nomor 1 rahasia1", "198702142011011003", "ASN 1003", "kampanye",
                  case.snapshot_ids[0], case.snapshots[0].post_sha256, "rules=r1", '"id": "1"'):
        assert _compact(shown) in _compact(text), shown


def test_hostile_content_is_escaped_in_the_page_and_text_in_the_pdf(world: World) -> None:
    rev = world.client("rev-a")
    page = rev.get("/cases/x:9/case-file")
    assert page.status_code == 200
    assert [u for u in UNESCAPED if u in page.text] == []
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page.text
    assert "&lt;svg onload=alert(2)&gt;" in page.text and "&lt;script&gt;raw()&lt;/script&gt;" in page.text
    pdf = rev.get("/cases/x:9/case-file.pdf").content
    assert b"/JavaScript" not in pdf and b"/URI" not in pdf  # no script, no link: every value is plain text
    text = _compact(_pdf_text(pdf))
    for name, value in HOSTILE.items():
        shown = value.replace(SCRIPT, SCRIPT + "[1]") if name == "text" else value  # [1]: the evidence row
        assert _compact(shown) in text, value


def test_an_emoji_in_the_post_is_drawn_from_a_font_that_has_it(world: World) -> None:
    reader = PdfReader(io.BytesIO(world.client("rev-a").get("/cases/x:9/case-file.pdf").content))
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert {f.split("-")[0] for f in fonts} == {"DejaVu", "Symbola"}, fonts


def test_the_evidence_is_marked_and_numbered_in_the_post(world: World) -> None:
    page = world.client("rev-a").get("/cases/x:9/case-file").text
    assert "Ayo coblos nomor 1 \U0001f525 <mark>&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;</mark><sup>[1]</sup> sekarang" in page


def test_each_export_is_audited_with_the_account_and_the_hash_of_what_was_served(world: World) -> None:
    rev = world.client("rev-a")
    served = {form: rev.get(f"/cases/x:1/case-file{ext}")
              for form, ext in (("html", ""), ("pdf", ".pdf"), ("json", ".json"))}
    exports = [e for e in world.store.audit("x:1", 50) if e.action == "export"][:3]
    assert {(e.actor, e.detail["format"]) for e in exports} == {("rev-a", f) for f in served}
    for entry in exports:
        content = served[str(entry.detail["format"])].content
        assert entry.detail["sha256"] == hashlib.sha256(content).hexdigest() and entry.hash
    assert world.store.verify_audit().ok


def test_every_form_is_uncached_under_the_strict_csp(world: World) -> None:
    for ext in ("", ".pdf", ".json"):
        answer = world.client("sup-a").get(f"/cases/x:1/case-file{ext}")
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "no-store" and answer.headers["content-security-policy"] == CSP
        assert answer.headers["x-content-type-options"] == "nosniff"
    page = world.client("sup-a").get("/cases/x:1/case-file").text
    assert "<script" not in page and "style=" not in page and '<link rel="stylesheet" href="/static/casefile.css">' in page


def test_the_bundle_from_the_app_verifies(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "x9.json"
    bundle.write_bytes(world.client("rev-a").get("/cases/x:9/case-file.json").content)
    assert main(["verify", str(bundle)]) == 0, capsys.readouterr().out


def test_an_agency_officer_gets_the_page_and_pdf_as_their_case_page_not_the_bundle(world: World) -> None:
    agency = world.client("agency-a")
    page = agency.get("/cases/x:9/case-file")
    assert page.status_code == 200 and "Berkas kasus" in page.text
    for hidden in ("raw()", "onerror", "evil.example", "svg onload", "rev-a", "case-file.json"):
        assert hidden not in page.text, hidden
    pdf = _compact(_pdf_text(agency.get("/cases/x:9/case-file.pdf").content))
    assert "raw()" not in pdf and "onload" not in pdf and "Bawaslu" in pdf
    refused = agency.get("/cases/x:9/case-file.json")
    assert refused.status_code == 403 and "Peran Anda tidak boleh mengekspor paket bukti." in refused.text


def test_bahasa_indonesia_first_english_by_the_switch(world: World) -> None:
    rev = world.client("rev-a2", fresh=True)
    assert "Unggahan sebagaimana direkam" in rev.get("/cases/x:1/case-file").text
    rev.form("/language", {"lang": "en", "zone": "WITA"})
    page = rev.get("/cases/x:1/case-file").text
    assert "Post as captured" in page and "WITA" in page
    assert "Post as captured" in _pdf_text(rev.get("/cases/x:1/case-file.pdf").content)


def test_the_case_page_links_to_its_case_file(world: World) -> None:
    page = world.client("rev-a").get("/cases/x:1").text
    assert 'href="/cases/x%3A1/case-file" id="case-file"' in page


def test_the_server_signs_bundles_with_the_key_its_environment_names(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Ed25519PrivateKey.generate()
    (tmp_path / "key.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    (tmp_path / "pub.pem").write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    monkeypatch.setenv("NETRA_CASE_FILE_KEY", str(tmp_path / "key.pem"))
    (tmp_path / "x1.json").write_bytes(world.client("sup-a").get("/cases/x:1/case-file.json").content)
    assert main(["verify", str(tmp_path / "x1.json"), "--public-key", str(tmp_path / "pub.pem")]) == 0
    assert "signed by the trusted key" in capsys.readouterr().out
    monkeypatch.setenv("NETRA_CASE_FILE_KEY", str(tmp_path / "missing.pem"))
    refused = world.client("sup-a").get("/cases/x:1/case-file.json")
    assert refused.status_code == 500 and "Kunci tanda tangan server" in refused.text and "missing.pem" not in refused.text
