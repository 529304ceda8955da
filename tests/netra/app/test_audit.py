"""`netra audit verify` as the lead wires it: `register(subparsers)` and the handler's exit status."""

import argparse
import sqlite3
from pathlib import Path

import pytest

from netra.app.audit import register
from netra.store.sqlite import SqliteCaseStore
from tests.factories import snapshot
from tests.fixtures.servers import free_port


def _verify(store: str, *options: str) -> int:
    return _audit("verify", "--store", store, *options)


def _audit(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="netra")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["audit", *argv])
    return int(args.handler(args))


def test_verify_says_intact_then_broken_after_an_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cases.sqlite"
    store = SqliteCaseStore(path)
    store.record(snapshot())
    store.case("x:1", "ana")
    store.close()
    assert _verify(str(path)) == 0
    assert "audit log intact: 2 chained entries" in capsys.readouterr().out
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET detail = '{}' WHERE seq = 1")
    db.commit()
    assert _verify(str(path)) == 1
    out = capsys.readouterr().out
    assert "BROKEN" in out and "entry 1: its content does not match its hash" in out


def test_verify_never_creates_a_store_nor_echoes_a_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite"
    assert _verify(str(missing)) == 2 and not missing.exists()
    assert "no case store at" in capsys.readouterr().err
    assert _verify(f"http://netra:s3cret@127.0.0.1:{free_port()}") == 2
    err = capsys.readouterr().err
    assert "s3cret" not in err and "netra:***@127.0.0.1" in err


def test_a_recorded_head_catches_the_newest_entries_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.sqlite"
    store = SqliteCaseStore(path)
    assert _audit("head", "--store", str(path)) == 1 and "no chained entry" in capsys.readouterr().err
    store.record(snapshot())
    early = _head(path, capsys)
    store.case("x:1", "ana")
    store.case("x:1", "ana")
    store.close()
    latest = _head(path, capsys)
    assert latest.startswith("3:") and early.startswith("1:")
    heads = tmp_path / "heads.txt"
    heads.write_text(f"# recorded daily\n{early}\n\n{latest}\n")
    assert _verify(str(path), "--expect", latest, "--expect-file", str(heads)) == 0
    assert "holding 3 recorded head(s)" in capsys.readouterr().out
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq = 3")
    db.commit()
    assert _verify(str(path)) == 0, "without a recorded head the shorter chain looks intact"
    assert _verify(str(path), "--expect-file", str(heads)) == 1
    assert "entry 3: recorded as a head, but the chain ends before it" in capsys.readouterr().out
    assert _verify(str(path), "--expect", "3:not-a-hash") == 2
    assert "SEQ:HASH" in capsys.readouterr().err
    assert _verify(str(path), "--expect-file", str(tmp_path / "absent.txt")) == 2


def _head(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert _audit("head", "--store", str(path)) == 0
    return capsys.readouterr().out.strip()
