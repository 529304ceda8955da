"""Agency digests: received by a real SMTP server, minimised, in Bahasa Indonesia, sent exactly once."""

import argparse
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from alerting.digest.cli import register
from alerting.digest.content import Digest, DigestItem, compose
from alerting.digest.ledger import SqliteDeliveryLedger
from alerting.digest.recipients import recipients
from alerting.digest.run import DigestJob, run_digests
from alerting.digest.schedule import Schedule
from alerting.digest.smtp import SendFailed, SmtpConfig, SmtpSender
from netra.store.sqlite import SqliteCaseStore
from processors.metrics import DIGEST_RETRIES, DIGESTS
from tests.factories import flagged
from tests.fixtures.smtp import SmtpServer

AGENCY_A, AGENCY_B = "Pemerintah Kabupaten Kaliurang Raya", "Kementerian Agama"
REVIEWER = "ana@bawaslu"
REVIEW_URL = "https://review.netra.example"


def decide(store: SqliteCaseStore, case_id: str, status: str, escalated_to: str | None = None) -> None:
    """Claim the case and move it to `status` as the reviewer would (an escalation on four eyes)."""
    summary = store.claim(case_id, REVIEWER, store.case(case_id, REVIEWER).summary.revision)  # type: ignore[union-attr]
    if status == "escalated":
        escalate(store, case_id, summary.revision, escalated_to or "agency")
    else:
        store.transition(case_id, status, REVIEWER, summary.revision, "terbukti")


def escalate(store: SqliteCaseStore, case_id: str, revision: str, target: str) -> None:
    """The reviewer asks for the escalation and a second reviewer confirms it."""
    asked = store.transition(case_id, "escalation_requested", REVIEWER, revision, "terbukti", target)
    store.transition(case_id, "escalated", "budi@bawaslu", asked.revision, "setuju")


@pytest.fixture
def store(tmp_path: Path) -> SqliteCaseStore:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record_many([
        flagged("1", nip="198702142011011003", instansi=AGENCY_A, text="Ayo <b>coblos</b> nomor 1!"),
        flagged("2", nip="199003252015032001", instansi=AGENCY_A, categories=("money_politics",)),
        flagged("3", nip="197501011999031001", instansi=AGENCY_B),
        flagged("4", nip="198001012005011002", instansi=AGENCY_A),  # stays new: not in any digest
        flagged("5", nip="198101012005011003", instansi=AGENCY_A),  # dismissed: not in any digest
    ])
    decide(store, "x:1", "confirmed")
    decide(store, "x:2", "escalated", "agency")
    decide(store, "x:3", "confirmed")
    decide(store, "x:5", "dismissed")
    return store


def job(store: SqliteCaseStore, ledger: SqliteDeliveryLedger, server: SmtpServer, **smtp: object) -> DigestJob:
    config = SmtpConfig(host="127.0.0.1", port=server.port, starttls=False, first_wait=0.01, **smtp)  # type: ignore[arg-type]
    contacts = {AGENCY_A: ("bkpsdm@kaliurang.example",), AGENCY_B: ("kepegawaian@kemenag.example",)}
    return DigestJob(store, ledger, SmtpSender(config, DIGEST_RETRIES.inc), contacts, REVIEW_URL, "Netra <netra@bawaslu.example>")


def test_each_agency_gets_only_its_confirmed_and_escalated_cases_minimised(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    ledger = SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
    report = run_digests(job(store, ledger, smtp_server), "2026-11-30")
    assert sorted(report.sent) == [AGENCY_B, AGENCY_A]
    by_rcpt = {m.rcpt_tos[0]: m.message for m in smtp_server.messages}
    kaliurang = by_rcpt["bkpsdm@kaliurang.example"]
    text = kaliurang.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = kaliurang.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Ringkasan 2026-11-30: 2 kasus" in kaliurang["Subject"]
    assert "198702142011011003" in text and "199003252015032001" in text
    assert "Politik uang" in text and "Dieskalasi ke instansi (PPK)" in text and "Dikonfirmasi" in text
    assert f"{REVIEW_URL}/cases/x%3A1" in html and f"{REVIEW_URL}/cases/x%3A2" in text
    # Not theirs, not decided, dismissed, and never the post text, handles or scores.
    for absent in ("197501011999031001", "198001012005011002", "198101012005011003", "coblos", "asn1003",
                   "0.9"):
        assert absent not in text and absent not in html
    assert "197501011999031001" in by_rcpt["kepegawaian@kemenag.example"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert {e.actor for e in store.audit()} >= {"system:digest"}  # the read of personal data is logged


def test_a_rerun_sends_nothing_twice_and_a_new_case_goes_in_the_next_slot(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    ledger = SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
    run_digests(job(store, ledger, smtp_server), "2026-11-30")
    again = run_digests(job(store, ledger, smtp_server), "2026-11-30")
    assert again.sent == again.resent == [] and len(smtp_server.messages) == 2
    decide(store, "x:4", "confirmed")
    escalate(store, "x:1", store.case("x:1", REVIEWER).summary.revision, "bkn")  # type: ignore[union-attr]
    nothing_now = run_digests(job(store, ledger, smtp_server), "2026-11-30")
    assert nothing_now.sent == []  # the slot was served; news waits for the next one
    nextday = run_digests(job(store, ledger, smtp_server), "2026-12-01")
    assert nextday.sent == [AGENCY_A]
    text = smtp_server.messages[-1].message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "198001012005011002" in text and "Dieskalasi ke BKN" in text and "199003252015032001" not in text


def test_a_crash_between_recording_and_sending_resends_the_same_message_once(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.sqlite"

    class Crash(BaseException):
        pass

    class CrashingSender:
        def send(self, data: bytes, mail_from: str, recipients: tuple[str, ...]) -> None:
            raise Crash

    crashing = DigestJob(store, SqliteDeliveryLedger(path), CrashingSender(), {AGENCY_A: ("a@x.example",)},
                         REVIEW_URL, "netra@x.example")
    with pytest.raises(Crash):
        run_digests(crashing, "2026-11-30")
    # The process died; a new one with a fresh ledger connection picks up the pending digest.
    ledger = SqliteDeliveryLedger(path)
    pending = ledger.get(AGENCY_A, "2026-11-30")
    assert pending is not None and pending.state == "pending"
    report = run_digests(job(store, ledger, smtp_server), "2026-11-30")
    assert report.resent == [AGENCY_A] and report.sent == [AGENCY_B]
    resent = [m for m in smtp_server.messages if m.rcpt_tos == ["a@x.example"]]
    assert len(resent) == 1 and resent[0].data == pending.message
    assert run_digests(job(store, ledger, smtp_server), "2026-11-30").resent == []


def test_transient_failures_are_retried_and_a_failed_digest_is_sent_by_the_next_run(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    ledger = SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
    smtp_server.refuse_next = 1
    retries = DIGEST_RETRIES._value.get()
    assert len(run_digests(job(store, ledger, smtp_server, attempts=2), "2026-11-30").sent) == 2
    assert DIGEST_RETRIES._value.get() == retries + 1  # the refused attempt is visible
    failed_before = DIGESTS.labels("failed")._value.get()
    decide(store, "x:4", "confirmed")
    smtp_server.refuse_next = 2
    first = run_digests(job(store, ledger, smtp_server, attempts=2), "2026-12-01")
    assert first.failed == [AGENCY_A] and DIGESTS.labels("failed")._value.get() == failed_before + 1
    second = run_digests(job(store, ledger, smtp_server, attempts=2), "2026-12-01")
    assert second.resent == [AGENCY_A] and len(smtp_server.messages) == 3


def test_starttls_and_login_with_a_password_full_of_url_characters(
    store: SqliteCaseStore, smtp_tls_server: SmtpServer, tmp_path: Path
) -> None:
    secret = tmp_path / "smtp_password"
    secret.write_text(smtp_tls_server.password + "\n")
    config = SmtpConfig(host="127.0.0.1", port=smtp_tls_server.port, username=smtp_tls_server.username,
                        password_file=secret, ca_file=smtp_tls_server.ca_file, attempts=1)
    ledger = SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
    digest_job = DigestJob(store, ledger, SmtpSender(config), {AGENCY_B: ("k@kemenag.example",)}, REVIEW_URL,
                           "netra@bawaslu.example")
    assert run_digests(digest_job, "2026-11-30").sent == [AGENCY_B]
    assert smtp_tls_server.messages[0].rcpt_tos == ["k@kemenag.example"]
    plain = SmtpSender(SmtpConfig(host="127.0.0.1", port=smtp_tls_server.port, starttls=False, attempts=1))
    with pytest.raises(SendFailed):  # the server refuses mail before STARTTLS
        plain.send(smtp_tls_server.messages[0].data, "netra@bawaslu.example", ("k@kemenag.example",))


def test_dry_run_composes_but_records_and_sends_nothing(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    ledger = SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
    report = run_digests(job(store, ledger, smtp_server), "2026-11-30", dry_run=True)
    assert len(report.planned) == 2 and smtp_server.messages == []
    assert ledger.get(AGENCY_A, "2026-11-30") is None


def test_recipients_from_registry_and_contacts_file(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "nip,nama,jabatan,instansi,unit_kerja,wilayah,akun_medsos,email_instansi\n"
        f"198702142011011003,Dwi,Guru,{AGENCY_A},SD 4,Kab. K,,disdik@k.example\n"
        f"199003252015032001,Sri,Perawat,{AGENCY_A},RSUD,Kab. K,,dinkes@k.example\n"
        f"197501011999031001,Budi,Penyuluh,{AGENCY_B},KUA,Kab. K,,\n", encoding="utf-8")
    contacts = tmp_path / "contacts.yaml"
    contacts.write_text(f"{AGENCY_B}: [kepegawaian@kemenag.example]\n", encoding="utf-8")
    assert recipients(registry, contacts) == {
        AGENCY_A: ("dinkes@k.example", "disdik@k.example"), AGENCY_B: ("kepegawaian@kemenag.example",)}


def test_schedule_slots_in_local_time() -> None:
    daily = Schedule("daily", time(7, 0), "Asia/Jakarta")
    assert daily.slot(datetime(2026, 11, 30, 0, 30, tzinfo=UTC)) == "2026-11-30"  # 07:30 WIB
    assert daily.slot(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "2026-11-29"  # 06:30 WIB
    weekly = Schedule("weekly", time(7, 0), "Asia/Jakarta")
    assert weekly.slot(datetime(2026, 12, 3, 5, 0, tzinfo=UTC)) == "2026-11-30"  # a Monday
    assert daily.next_run(datetime(2026, 11, 30, 0, 30, tzinfo=UTC)) == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def test_digest_item_key_makes_an_escalation_news_again() -> None:
    confirmed = DigestItem("x:1", "confirmed", "A", "1", ("endorsement",), None, "2026-11-30", "u")
    assert confirmed.key != DigestItem("x:1", "escalated", "A", "1", (), "bkn", "2026-11-30", "u").key


def test_cli_dry_run_prints_the_digests_and_sends_nothing(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contacts = tmp_path / "contacts.yaml"
    contacts.write_text(f"{AGENCY_A}: bkpsdm@kaliurang.example\n", encoding="utf-8")
    monkeypatch.setenv("NETRA_SMTP_PORT", str(smtp_server.port))
    parser = argparse.ArgumentParser(prog="netra")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["digest", "--dry-run", "--store", str(tmp_path / "cases.sqlite"), "--contacts",
                              str(contacts), "--ledger", str(tmp_path / "ledger.sqlite")])
    assert args.handler(args) == 0
    out = capsys.readouterr()
    assert "would send" in out.out and "bkpsdm@kaliurang.example" in out.out and "198702142011011003" in out.out
    assert "1 digest(s) would be sent" in out.err and smtp_server.messages == []
    args = parser.parse_args(["digest", "--store", str(tmp_path / "cases.sqlite"), "--contacts", str(contacts),
                              "--ledger", str(tmp_path / "ledger.sqlite")])
    monkeypatch.setenv("NETRA_SMTP_STARTTLS", "false")
    assert args.handler(args) == 0 and len(smtp_server.messages) == 1


def test_prune_drops_old_sent_copies_but_remembers_what_was_reported(
    store: SqliteCaseStore, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    ledger = SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
    run_digests(job(store, ledger, smtp_server), "2026-11-30")
    assert ledger.prune(timedelta(days=1)) == 0
    assert ledger.prune(timedelta(seconds=-1)) == 2
    assert ledger.get(AGENCY_A, "2026-11-30") is None
    assert run_digests(job(store, ledger, smtp_server), "2026-12-01").sent == []  # nothing reported twice
    assert oct((tmp_path / "ledger.sqlite").stat().st_mode & 0o777) == "0o600"


def test_hostile_names_are_escaped_in_the_html_part() -> None:
    hostile = DigestItem("x:<1>", "confirmed", "<script>alert(1)</script>", "1", ("endorsement",), None,
                         "2026-11-30", "https://r.example/cases/x%3A%3C1%3E")
    message = compose(Digest("Dinas <b>A</b>", "2026-11-30", (hostile,), REVIEW_URL), "n@x.example",
                      ("a@x.example",), datetime(2026, 11, 30, tzinfo=UTC))
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>A</b>" not in html
