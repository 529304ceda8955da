"""`netra audit verify` as the lead wires it: `register(subparsers)` and the handler's exit status."""

import argparse
import sqlite3
from pathlib import Path

import pytest

from netra.app.audit import register
from netra.store.sqlite import SqliteCaseStore
from tests.factories import snapshot
from tests.fixtures.servers import free_port


def _verify(store: str) -> int:
    parser = argparse.ArgumentParser(prog="netra")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["audit", "verify", "--store", store])
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
