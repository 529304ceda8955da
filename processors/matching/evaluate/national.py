"""Labelled author profiles made from a registry index of any size, with the truth counted.

Each profile is written from one registry row and reveals some of its fields (`Cues`): a
handle, a NIP, the unit, the office, the kind of unit and its place, the region, the agency,
the occupation. The label is not "the row it was made from" but what the registry says:
the rows that fit *every* cue the profile reveals are counted over the whole index. One row
fits: the profile is that row (a positive when it reveals a cue beyond the name and region).
None fits: a negative. Several fit: ambiguous, and a confident match there is a guess.

Kinds: every cue class of issue 10 (listed handle on the same or another platform, NIP, unit,
office read as unit, RSUD with an admin word, SD without its number, BPKAD with a region,
agency + job, job + region) and the hard negatives (same name and office in another region,
same name and unit kind in another unit, a listed handle under another person's name,
honorer staff, offices, outlets, common names with nothing or a region only).
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from processors.matching.columns import key_hash
from processors.matching.evaluate.evalset import (
    DECORATIONS,
    OTHER_WORK,
    bare_name,
    handle_of,
    job_word,
    post,
    short_name,
    shorten_place,
    typo,
)
from processors.matching.index import RegistryIndex, job_mask
from processors.matching.places import expand_place

Case = dict[str, object]
PLATFORMS = ("x", "instagram", "facebook", "tiktok")
_NUMBER = re.compile(r"\s\d+\s")


@dataclass(frozen=True, slots=True)
class Cues:
    """What a profile reveals about its owner, in registry terms, for counting the rows that
    fit it. Empty fields reveal nothing."""

    name: str = ""
    handle: str = ""
    nip: str = ""
    unit: str = ""
    unit_without_number: str = ""
    region: str = ""
    instansi: str = ""
    jobs: int = 0

    @property
    def beyond_name(self) -> bool:
        """Whether the profile says something that ties it to a registry row beyond a name
        and a region (millions live in a region)."""
        return bool(self.handle or self.nip or self.unit or self.unit_without_number
                    or self.instansi or self.jobs)


def without_number(unit: str) -> str:
    """A unit_kerja without its number: `SD Negeri 1 Z` -> `SD Negeri Z`."""
    return _NUMBER.sub(" ", f" {unit} ").strip()


@dataclass(frozen=True, slots=True)
class Row:
    """One registry row, decoded for writing profiles."""

    row: int
    nip: str
    nama: str
    name: str
    jabatan: str
    instansi: str
    unit_kerja: str
    wilayah: str
    accounts: tuple[str, ...]

    @property
    def region(self) -> str:
        return self.wilayah.split(" ", 1)[1]


class NationalCases:
    """Makes labelled cases from a registry index, counting the rows that fit each."""

    def __init__(self, index: RegistryIndex, seed: int = 43) -> None:
        self.index = index
        self.rng = random.Random(seed)
        self.wilayah = [index.values["wilayah"][i] for i in range(len(index.values["wilayah"]))]

    # -- rows and the truth ------------------------------------------------------------
    def row(self, number: int) -> Row:
        view = self.index.view(number)
        return Row(number, view.nip, view.nama, view.name, view.jabatan, view.instansi,
                   view.unit_kerja, view.wilayah, view.accounts)

    def pick(self, test: Callable[[Row], bool] = lambda row: True, tries: int = 5000) -> Row:
        """A random row that passes `test`."""
        for _ in range(tries):
            row = self.row(self.rng.randrange(len(self.index)))
            if test(row):
                return row
        raise LookupError("no row of that kind in the registry")

    def rows_named(self, name: str) -> np.ndarray:
        """The rows whose normalised name is exactly `name`."""
        index = self.index
        for name_id in index.maps["name.exact"].get(key_hash(name)).tolist():
            if index.names[name_id] == name:
                return index.rows_of_name(name_id)
        return np.empty(0, dtype=np.int32)

    def fitting(self, cues: Cues) -> list[int]:
        """The rows that fit every cue."""
        index = self.index
        if cues.nip:
            rows = index.rows_with_nip(cues.nip)
        elif cues.handle:
            rows = index.rows_with_handle(cues.handle)
        else:
            rows = self.rows_named(cues.name)
        found = []
        for number in rows.tolist():
            view = index.view(number)
            if cues.name and view.name != cues.name:
                continue
            if cues.unit and view.unit_kerja != cues.unit:
                continue
            if cues.unit_without_number and without_number(view.unit_kerja) != cues.unit_without_number:
                continue
            if cues.region and view.wilayah != cues.region:
                continue
            if cues.instansi and view.instansi != cues.instansi:
                continue
            jobs = int(index.job_masks[int(index.codes["jabatan"][number])])
            if cues.jobs and not jobs & cues.jobs:
                continue
            found.append(number)
        return found

    def case(self, kind: str, made: dict, cues: Cues, known: str | None = "count") -> Case:
        """A labelled case: `known` None for profiles that are nobody in the registry whatever
        fits (honorer staff, offices, outlets); otherwise the label comes from the count."""
        fits = self.fitting(cues) if known else []
        expect = self.row(fits[0]).nip if len(fits) == 1 else None
        if len(fits) > 1:
            kind += ", fits several rows"
        return {"kind": kind, "expect": expect, "fits": len(fits),
                "corroborated": bool(expect) and cues.beyond_name, "post": made}

    def handle(self, name: str) -> str:
        return handle_of(name, self.rng, lambda h: bool(len(self.index.rows_with_handle(h))))

    def jobs(self, row: Row) -> int:
        """The occupations a bio's job word for this row names (and the row's jabatan too)."""
        own = int(self.index.job_masks[int(self.index.codes["jabatan"][row.row])])
        return job_mask(expand_place(job_word(row.jabatan))) & own

    def unit_bio(self, row: Row) -> tuple[str, Cues]:
        """`Guru SDN 4 Z`, with the region when the unit does not name it."""
        bio = f"{job_word(row.jabatan)} {shorten_place(row.unit_kerja, self.rng)}"
        cues = Cues(name=row.name, unit=row.unit_kerja, jobs=self.jobs(row))
        if "Negeri" not in row.unit_kerja and row.region not in row.unit_kerja:
            bio += f" {shorten_place(row.wilayah, self.rng)}"
            cues = Cues(name=row.name, unit=row.unit_kerja, jobs=self.jobs(row), region=row.wilayah)
        return bio, cues

    # -- positives -------------------------------------------------------------------
    def by_handle(self) -> Case:
        row = self.pick(lambda r: bool(r.accounts))
        platform, handle = self.rng.choice(row.accounts).split(":", 1)
        name = self.rng.choice((bare_name(row.nama), "", short_name(bare_name(row.nama), self.rng)))
        return self.case("handle listed", post(handle, name, platform=platform), Cues(handle=handle))

    def by_handle_elsewhere(self) -> Case:
        row = self.pick(lambda r: bool(r.accounts))
        listed = {account.split(":", 1)[0] for account in row.accounts}
        handle = row.accounts[0].split(":", 1)[1]
        platform = self.rng.choice([p for p in PLATFORMS if p not in listed])
        made = post(handle, bare_name(row.nama), platform=platform)
        return self.case("handle listed, other platform", made, Cues(handle=handle))

    def by_nip(self) -> Case:
        row = self.pick()
        nip = row.nip
        spaced = self.rng.choice((nip, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"))
        name = short_name(bare_name(row.nama), self.rng)
        return self.case("NIP in bio", post(self.handle(name), name, f"NIP. {spaced}"), Cues(nip=nip))

    def by_unit(self, kind: str = "name + unit", write: Callable[[str], str] = str) -> Case:
        row = self.pick()
        bio, cues = self.unit_bio(row)
        name = write(bare_name(row.nama))
        return self.case(kind, post(self.handle(name), name, bio), cues)

    def by_typo_unit(self) -> Case:
        return self.by_unit("typo + unit", lambda name: typo(name, self.rng))

    def by_short_name_unit(self) -> Case:
        return self.by_unit("short name + unit", lambda name: short_name(name, self.rng))

    def by_decorated_unit(self) -> Case:
        return self.by_unit("decorated name + unit",
                            lambda name: self.rng.choice(DECORATIONS).format(name.upper()))

    def by_handle_name_unit(self) -> Case:
        row = self.pick()
        bio, cues = self.unit_bio(row)
        return self.case("handle as name + unit", post(self.handle(bare_name(row.nama)), "", bio), cues)

    def by_office(self) -> Case:
        """`Camat Mergangsan` for unit Kecamatan Mergangsan; `Lurah X` for Kelurahan X."""
        row = self.pick(lambda r: r.jabatan in ("Camat", "Lurah"))
        place = row.unit_kerja.split(" ", 1)[1]
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"{row.jabatan} {place}", row.region)
        cues = Cues(name=row.name, unit=row.unit_kerja, jobs=self.jobs(row), region=row.wilayah)
        return self.case("office named as its unit", made, cues)

    def by_rsud(self) -> Case:
        """`Dokter RSUD Kota Y` for unit RSUD Y."""
        row = self.pick(lambda r: r.unit_kerja.startswith("RSUD"))
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"{job_word(row.jabatan)} RSUD {row.wilayah}")
        cues = Cues(name=row.name, unit=row.unit_kerja, jobs=self.jobs(row))
        return self.case("RSUD with region level", made, cues)

    def by_school_kind(self) -> Case:
        """`Guru SD di Z` for unit SD Negeri 1 Z (no number)."""
        row = self.pick(lambda r: r.unit_kerja.startswith("SD Negeri") and r.jabatan.startswith("Guru"))
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"Guru SD di {row.region}")
        cues = Cues(name=row.name, unit_without_number=without_number(row.unit_kerja),
                    jobs=self.jobs(row))
        return self.case("school kind and place, no number", made, cues)

    def by_bpkad(self) -> Case:
        """`Staf BPKAD W` for unit BPKAD in region W."""
        row = self.pick(lambda r: r.unit_kerja.startswith("Badan Pengelolaan Keuangan"))
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"{job_word(row.jabatan)} BPKAD {row.region}")
        cues = Cues(name=row.name, unit=row.unit_kerja, region=row.wilayah, jobs=self.jobs(row))
        return self.case("BPKAD and region", made, cues)

    def by_agency_job(self) -> Case:
        row = self.pick()
        name = bare_name(row.nama)
        agency = row.instansi.replace("Pemerintah Kabupaten", "Pemkab").replace(
            "Pemerintah Kota", "Pemkot").replace("Pemerintah Provinsi", "Pemprov")
        made = post(self.handle(name), name, f"ASN {agency} | {job_word(row.jabatan)}")
        return self.case("name + agency + job", made,
                         Cues(name=row.name, instansi=row.instansi, jobs=self.jobs(row)))

    def by_job_region(self) -> Case:
        row = self.pick()
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"{job_word(row.jabatan)} | PNS",
                    shorten_place(row.wilayah, self.rng))
        return self.case("name + job + region", made,
                         Cues(name=row.name, region=row.wilayah, jobs=self.jobs(row)))

    def name_only(self) -> Case:
        row = self.pick()
        name = bare_name(row.nama)
        return self.case("name only", post(self.handle(name), name), Cues(name=row.name))

    # -- hard negatives ----------------------------------------------------------------
    def namesake_office_elsewhere(self) -> Case:
        """The same name and office, in a region where that name holds no such post."""
        row = self.pick(lambda r: r.jabatan in ("Camat", "Lurah") or "Negeri" in r.unit_kerja)
        other = self.rng.choice([w for w in self.wilayah if w != row.wilayah])
        unit = row.unit_kerja.replace(row.region, other.split(" ", 1)[1])
        name = bare_name(row.nama)
        if row.jabatan in ("Camat", "Lurah"):
            bio = f"{row.jabatan} {unit.split(' ', 1)[1]}"
        else:
            bio = f"{job_word(row.jabatan)} {shorten_place(unit, self.rng)}"
        made = post(self.handle(name), name, bio, shorten_place(other, self.rng))
        cues = Cues(name=row.name, unit=unit, region=other, jobs=self.jobs(row))
        return self.case("namesake, same office in another region", made, cues)

    def namesake_other_unit(self) -> Case:
        """The same name and kind of unit, another unit: `Guru SDN 12 Z` for SD Negeri 4 Z."""
        row = self.pick(lambda r: "Negeri" in r.unit_kerja)
        number = next(t for t in row.unit_kerja.split() if t.isdigit())
        other = str(self.rng.choice([n for n in range(1, 61) if str(n) != number]))
        unit = row.unit_kerja.replace(f" {number} ", f" {other} ")
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"{job_word(row.jabatan)} {shorten_place(unit, self.rng)}")
        return self.case("namesake, same unit kind, another unit", made,
                         Cues(name=row.name, unit=unit, jobs=self.jobs(row)))

    def handle_of_another(self) -> Case:
        """A listed handle under another person's name."""
        owner = self.pick(lambda r: bool(r.accounts))
        other = self.pick(lambda r: r.name.split()[0][:3] not in {w[:3] for w in owner.name.split()})
        platform, handle = owner.accounts[0].split(":", 1)
        made = post(handle, bare_name(other.nama), platform=platform)
        return self.case("handle listed for another person", made,
                         Cues(handle=handle, name=other.name))

    def namesake_other_work(self) -> Case:
        row = self.pick()
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"{self.rng.choice(OTHER_WORK)} | {row.region}")
        return self.case("namesake, other work", made, Cues(), known=None)

    def honorer(self) -> Case:
        row = self.pick()
        name = bare_name(row.nama)
        made = post(self.handle(name), name, f"Guru honorer {shorten_place(row.unit_kerja, self.rng)}")
        return self.case("honorer, same name and unit", made, Cues(), known=None)

    def office(self) -> Case:
        row = self.pick()
        unit = shorten_place(row.unit_kerja, self.rng)
        name = self.rng.choice((unit, f"Humas {row.instansi}", f"{unit} Official"))
        handle = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        made = post(handle, name, f"Akun resmi {unit}", row.region)
        return self.case("institutional account", made, Cues(), known=None)

    def outlet(self) -> Case:
        row = self.pick()
        region = row.region
        name = self.rng.choice((f"{region} Pos", f"Info {region} Terkini", f"Berita {region}"))
        handle = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        made = post(handle, name, f"Portal berita {region}. Redaksi: {bare_name(row.nama)}")
        return self.case("news outlet", made, Cues(), known=None)

    def common_name_region(self) -> Case:
        row = self.pick(lambda r: self.index.view(r.row).name_count >= 5)
        name = bare_name(row.nama)
        made = post(self.handle(name), name, "", row.region)
        return self.case("common name, region only", made, Cues(name=row.name, region=row.wilayah))

    def makers(self) -> list[Callable[[], Case]]:
        """Every kind, positives first."""
        return [
            self.by_handle, self.by_handle_elsewhere, self.by_nip, self.by_unit,
            self.by_typo_unit, self.by_short_name_unit, self.by_decorated_unit,
            self.by_handle_name_unit, self.by_office, self.by_rsud, self.by_school_kind,
            self.by_bpkad, self.by_agency_job, self.by_job_region, self.name_only,
            self.namesake_office_elsewhere, self.namesake_other_unit, self.handle_of_another,
            self.namesake_other_work, self.honorer, self.office, self.outlet,
            self.common_name_region,
        ]

    def build(self, per_kind: int) -> list[Case]:
        """`per_kind` cases of every kind."""
        return [make() for make in self.makers() for _ in range(per_kind)]

