"""The ASN registry CSV (CONTRACTS.md §2): one entry per civil servant, keyed by NIP."""

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netra.domain.accounts import parse_account
from netra.domain.problems import InputError, Problem

REQUIRED_COLUMNS = ("nip", "nama")
KNOWN_COLUMNS = (
    "nip", "nama", "jabatan", "instansi", "unit_kerja", "wilayah", "akun_medsos", "email_instansi",
)
_NIP = re.compile(r"\d{18}")
MAX_FIELD_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One ASN as their agency recorded them."""

    nip: str
    nama: str
    jabatan: str = ""
    instansi: str = ""
    unit_kerja: str = ""
    wilayah: str = ""
    accounts: tuple[tuple[str, str], ...] = ()
    email_instansi: str = ""


def parse_accounts(value: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """Split `x:handle;instagram:handle` into (platform, handle) pairs and a list of bad parts."""
    accounts: list[tuple[str, str]] = []
    bad: list[str] = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        account = parse_account(part)
        if account:
            accounts.append(account)
        else:
            bad.append(part[:60])
    return tuple(accounts), bad


def iter_registry(path: Path, problems: list[Problem]) -> Iterator[RegistryEntry]:
    """Yield the valid entries of a registry CSV; append a Problem for every row skipped or mended.

    Raises InputError when the file itself is unusable (unreadable, no `nip`/`nama` header).
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    source = str(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig", errors="strict")
    except OSError as exc:
        raise InputError([Problem(source, 0, f"cannot open: {exc.strerror}")]) from None
    with handle:
        reader = csv.DictReader(handle, strict=True)
        try:
            header = [name.strip().lower() for name in reader.fieldnames or []]
        except UnicodeDecodeError as exc:
            raise InputError([Problem(source, 1, f"not UTF-8: {exc.reason}")]) from None
        repeated = sorted(name for name, seen in Counter(header).items() if seen > 1)
        if repeated:
            raise InputError([Problem(source, 1, f"header repeats column(s) {', '.join(repeated)}")])
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise InputError([Problem(source, 1, f"header lacks column(s) {', '.join(missing)}")])
        reader.fieldnames = header
        seen: set[str] = set()
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                problems.append(Problem(source, line, f"unreadable row: {exc}"))
                continue
            entry = _entry(row, source, reader.line_num, seen, problems)
            if entry is not None:
                yield entry


def _entry(
    row: dict[str | None, str | list[str] | None],
    source: str,
    line: int,
    seen: set[str],
    problems: list[Problem],
) -> RegistryEntry | None:
    """Validate one row; None (with a Problem) when it must be skipped."""
    if None in row:
        problems.append(Problem(source, line, "more fields than the header has columns"))
        return None
    fields = {key: (value or "").strip() for key, value in row.items() if isinstance(value, str | None)}
    too_long = [key for key, value in fields.items() if len(value) > MAX_FIELD_CHARS]
    if too_long:
        problems.append(Problem(source, line, f"field {too_long[0]} over {MAX_FIELD_CHARS} characters"))
        return None
    nip = fields.get("nip", "").replace(" ", "")
    if not _NIP.fullmatch(nip):
        problems.append(Problem(source, line, f"nip {nip[:30]!r} is not 18 digits"))
        return None
    if nip in seen:
        problems.append(Problem(source, line, f"nip {nip} appears again; the first row is kept"))
        return None
    nama = fields.get("nama", "")
    if not nama:
        problems.append(Problem(source, line, "nama is empty"))
        return None
    accounts, bad = parse_accounts(fields.get("akun_medsos", ""))
    if bad:
        problems.append(Problem(source, line, f"akun_medsos part(s) not platform:handle, ignored: {bad}"))
    seen.add(nip)
    return RegistryEntry(
        nip=nip,
        nama=nama,
        jabatan=fields.get("jabatan", ""),
        instansi=fields.get("instansi", ""),
        unit_kerja=fields.get("unit_kerja", ""),
        wilayah=fields.get("wilayah", ""),
        accounts=accounts,
        email_instansi=fields.get("email_instansi", ""),
    )
