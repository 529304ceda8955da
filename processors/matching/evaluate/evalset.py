"""A labelled evaluation set: author profiles made from a registry, with the NIP each one is.

Positives take an entry and write its owner's profile the way people do (name without gelar,
typos, short forms, abbreviated schools and offices, NIP with spaces, handle as name).
Negatives are the hard cases: namesakes elsewhere or in other work, honorer staff, offices,
news outlets, common names with nothing else. `kind` says which variation each profile shows.

    .venv/bin/python -m processors.matching.evaluate.evalset REGISTRY.csv OUT.jsonl [--count N]
"""

import argparse
import collections
import csv
import json
import random
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from processors.matching.names import normalise_name

Row = dict[str, str]
Case = dict[str, object]
SHORT_UNITS = (
    ("SD Negeri", "SDN"), ("SMP Negeri", "SMPN"), ("SMA Negeri", "SMAN"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Satuan Polisi Pamong Praja", "Satpol PP"), ("Kantor Urusan Agama", "KUA"),
    ("Kecamatan", "Kec."), ("Kelurahan", "Kel."), ("Dinas Pendidikan", "Disdik"),
)
JOB_WORDS = (
    ("Kepala Sekolah", "Kepsek"), ("Guru", "Guru"), ("Perawat", "Perawat"), ("Bidan", "Bidan"),
    ("Dokter", "Dokter"), ("Camat", "Camat"), ("Sekretaris Kelurahan", "Seklur"),
    ("Lurah", "Lurah"), ("Analis", "Analis"), ("Pengadministrasi", "Staf"),
    ("Pengelola Keuangan", "Staf keuangan"), ("Pranata Komputer", "Pranata Komputer"),
    ("Penyuluh", "Penyuluh"), ("Polisi Pamong Praja", "Satpol PP"), ("Kepala Dinas", "Kadis"),
    ("Kepala Bidang", "Kabid"), ("Penghulu", "Penghulu"),
)
DECORATIONS = ("🇮🇩 {}", "{} ✨", "{} | ASN", "{} 🙏", "{}", "{}")
OTHER_WORK = ("Wiraswasta", "Karyawan swasta", "Pedagang online", "Mahasiswa", "Driver ojol",
              "Petani", "Content creator")


def shorten_place(text: str, rng: random.Random) -> str:
    """A unit or agency as people write it in a bio (SDN, Kab., Pemkab...)."""
    for long, short in SHORT_UNITS:
        if long in text and rng.random() < 0.7:
            text = text.replace(long, short)
    return text.replace("Kabupaten", "Kab.") if rng.random() < 0.5 else text


def job_word(jabatan: str) -> str:
    """How a person names their jabatan in a bio (Kepsek, Guru, Satpol PP...)."""
    return next((short for long, short in JOB_WORDS if jabatan.startswith(long)), jabatan)


def bare_name(nama: str) -> str:
    """The name without gelar, as written (case kept)."""
    words = nama.split(",")[0].split()
    titles = {"H.", "Hj.", "Dr.", "Drs.", "Dra.", "Ir.", "dr."}
    return " ".join(word for word in words if word not in titles)


def typo(name: str, rng: random.Random) -> str:
    """One letter dropped, doubled or swapped in the longest word."""
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 5:
        return name
    j = rng.randrange(1, len(word) - 1)
    edits = (word[:j] + word[j + 1 :], word[:j] + word[j] + word[j:],
             word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :])
    words[i] = rng.choice(edits)
    return " ".join(words)


def short_name(name: str, rng: random.Random) -> str:
    """The name people go by: Parman for Suparman, Putu Arsana, Rizki for M. Rizki, Roy Siregar."""
    words = name.split()
    if len(words) == 1 and words[0].startswith("Su") and len(words[0]) >= 6:
        return words[0][2:].capitalize()
    if words[0] in {"I", "Ni"}:
        return " ".join(words[1:] if rng.random() < 0.5 else words[2:])
    if words[0] in {"M.", "Moh.", "Muh.", "Mochammad", "Mohamad", "Muhammad", "Muhamad", "Andi"}:
        return " ".join(words[1:])
    if len(words) == 3:
        return f"{words[0]} {words[2]}"
    return name


def handle_of(name: str, rng: random.Random, listed: Callable[[str], bool]) -> str:
    """A handle made from a name, not listed in the registry."""
    words = [w.strip(".").lower() for w in name.split() if len(w.strip(".")) > 1]
    handle = rng.choice(("_", ".", "")).join(words[:2]) + str(rng.randint(100, 999))
    while listed(handle):
        handle += str(rng.randint(0, 9))
    return handle


def post(handle: str, name: str, bio: str = "", location: str = "", platform: str = "x") -> dict:
    """A post (CONTRACTS.md §1) whose author has this profile."""
    author = {"handle": handle, "display_name": name, "bio": bio, "location": location}
    key = zlib.crc32(f"{handle}|{name}|{bio}|{location}".encode())
    return {"platform": platform, "post_id": str(key),
            "created_at": "2024-11-10T08:15:00+07:00", "text": "",
            "author": {key: value for key, value in author.items() if value}}


class EvalSetBuilder:
    """Makes labelled cases from registry rows."""

    def __init__(
        self, rows: list[Row], seed: int = 11, listed: Callable[[str], bool] | None = None
    ) -> None:
        """`listed` says whether a handle is listed anywhere in the registry (default: in
        `rows`); profiles of other people never use one."""
        self.rows = rows
        self.rng = random.Random(seed)
        self.by_name: dict[str, list[Row]] = collections.defaultdict(list)
        for row in rows:
            self.by_name[normalise_name(row["nama"])].append(row)
        self.regions = sorted({row["wilayah"] for row in rows})
        handles = {
            account.split(":", 1)[-1] for row in rows for account in row["akun_medsos"].split(";")
        }
        self.listed = listed or handles.__contains__

    def handle(self, name: str) -> str:
        """A handle for a profile, not one the registry lists."""
        return handle_of(name, self.rng, self.listed)

    def pick(self) -> Row:
        return self.rng.choice(self.rows)

    def region_of(self, row: Row) -> str:
        return row["wilayah"].split(" ", 1)[1]

    def positives(self) -> list[Callable[[], Case]]:
        """Makers of profiles of real entries, one per kind of variation."""
        return [self.by_handle, self.by_unit, self.by_typo_unit, self.by_short_name,
                self.by_nip, self.by_job_region, self.by_handle_name, self.by_agency_job,
                self.by_decorated, self.name_only]

    def negatives(self) -> list[Callable[[], Case]]:
        """Makers of hard negatives."""
        return [self.namesake_elsewhere, self.namesake_other_work, self.honorer, self.office,
                self.outlet, self.common_name_only, self.common_name_region]

    def case(self, kind: str, row: Row | None, made: dict, corroborated: bool = True) -> Case:
        return {"kind": kind, "expect": row["nip"] if row else None,
                "corroborated": corroborated and row is not None, "post": made}

    def by_handle(self) -> Case:
        row = self.pick()
        while not row["akun_medsos"]:
            row = self.pick()
        platform, handle = self.rng.choice(row["akun_medsos"].split(";")).split(":", 1)
        name = self.rng.choice((bare_name(row["nama"]), "", short_name(bare_name(row["nama"]),
                                                                       self.rng)))
        return self.case("handle listed", row, post(handle, name, platform=platform))

    def by_unit(self) -> Case:
        row = self.pick()
        bio = f"{job_word(row['jabatan'])} {shorten_place(row['unit_kerja'], self.rng)}"
        if "Negeri" not in row["unit_kerja"] and self.region_of(row) not in row["unit_kerja"]:
            bio += f" {shorten_place(row['wilayah'], self.rng)}"
        name = bare_name(row["nama"])
        return self.case("name + unit", row, post(self.handle(name), name, bio))

    def by_typo_unit(self) -> Case:
        case = self.by_unit()
        author = case["post"]["author"]  # type: ignore[index]
        author["display_name"] = typo(author["display_name"], self.rng)
        case["kind"] = "typo + unit"
        return case

    def by_short_name(self) -> Case:
        case = self.by_unit()
        author = case["post"]["author"]  # type: ignore[index]
        author["display_name"] = short_name(author["display_name"], self.rng)
        case["kind"] = "short name + unit"
        return case

    def by_nip(self) -> Case:
        row = self.pick()
        nip = row["nip"]
        spaced = self.rng.choice((nip, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"))
        name = short_name(bare_name(row["nama"]), self.rng)
        return self.case("NIP in bio", row, post(self.handle(name), name, f"NIP. {spaced}"))

    def by_job_region(self) -> Case:
        row = self.pick()
        name = bare_name(row["nama"])
        job = job_word(row["jabatan"])
        location = shorten_place(row["wilayah"], self.rng)
        return self.case("name + job + region", row,
                         post(self.handle(name), name, f"{job} | PNS", location))

    def by_handle_name(self) -> Case:
        row = self.pick()
        handle = self.handle(bare_name(row["nama"]))
        bio = f"{row['jabatan']} di {shorten_place(row['unit_kerja'], self.rng)}"
        if self.region_of(row) not in row["unit_kerja"]:
            bio += f", {self.region_of(row)}"
        return self.case("handle as name + unit", row, post(handle, "", bio))

    def by_agency_job(self) -> Case:
        row = self.pick()
        name = bare_name(row["nama"])
        agency = row["instansi"].replace("Pemerintah Kabupaten", "Pemkab").replace(
            "Pemerintah Kota", "Pemkot").replace("Pemerintah Provinsi", "Pemprov")
        bio = f"ASN {agency} | {job_word(row['jabatan'])}"
        return self.case("name + agency + job", row, post(self.handle(name), name, bio))

    def by_decorated(self) -> Case:
        case = self.by_unit()
        author = case["post"]["author"]  # type: ignore[index]
        author["display_name"] = self.rng.choice(DECORATIONS).format(
            author["display_name"].upper() if self.rng.random() < 0.3 else author["display_name"])
        case["kind"] = "decorated name + unit"
        return case

    def name_only(self) -> Case:
        row = self.pick()
        name = bare_name(row["nama"])
        return self.case("name only", row, post(self.handle(name), name),
                         corroborated=False)

    def namesake_elsewhere(self) -> Case:
        row = self.pick()
        taken = {r["wilayah"] for r in self.by_name[normalise_name(row["nama"])]}
        region = self.rng.choice([r for r in self.regions if r not in taken])
        bare = region.split(" ", 1)[1]
        name = bare_name(row["nama"])
        bio = f"{job_word(row['jabatan'])} di {bare}"
        return self.case("namesake, other region", None,
                         post(self.handle(name), name, bio, shorten_place(region, self.rng)))

    def namesake_other_work(self) -> Case:
        row = self.pick()
        name = bare_name(row["nama"])
        bio = f"{self.rng.choice(OTHER_WORK)} | {self.region_of(row)}"
        return self.case("namesake, other work", None, post(self.handle(name), name, bio))

    def honorer(self) -> Case:
        row = self.pick()
        name = bare_name(row["nama"])
        bio = f"Guru honorer {shorten_place(row['unit_kerja'], self.rng)}"
        return self.case("honorer, same name and unit", None,
                         post(self.handle(name), name, bio))

    def office(self) -> Case:
        row = self.pick()
        unit = shorten_place(row["unit_kerja"], self.rng)
        name = self.rng.choice((unit, f"Humas {row['instansi']}", f"{unit} Official"))
        handle = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        return self.case("institutional account", None,
                         post(handle, name, f"Akun resmi {unit}", self.region_of(row)))

    def outlet(self) -> Case:
        row = self.pick()
        region = self.region_of(row)
        name = self.rng.choice((f"{region} Pos", f"Info {region} Terkini", f"Berita {region}"))
        handle = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        return self.case("news outlet", None,
                         post(handle, name, f"Portal berita {region}. Redaksi: {bare_name(row['nama'])}"))

    def common_name_only(self) -> Case:
        common = [name for name, rows in self.by_name.items() if len(rows) >= 5]
        rows = self.by_name[self.rng.choice(common)]
        name = bare_name(self.rng.choice(rows)["nama"])
        return self.case("common name, no cue", None, post(self.handle(name), name))

    def common_name_region(self) -> Case:
        common = [name for name, rows in self.by_name.items() if len(rows) >= 5]
        rows = self.by_name[self.rng.choice(common)]
        row = self.rng.choice(rows)
        name = bare_name(row["nama"])
        return self.case("common name, region only", None,
                         post(self.handle(name), name, "", self.region_of(row)))

    def build(self, per_kind: int) -> Iterator[Case]:
        """`per_kind` cases of every kind."""
        for make in self.positives() + self.negatives():
            for _ in range(per_kind):
                yield make()


def main(argv: list[str] | None = None) -> int:
    """Command line: write a labelled evaluation set as JSONL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("registry", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    with args.registry.open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    with args.out.open("w", encoding="utf-8") as out:
        for case in EvalSetBuilder(rows, args.seed).build(args.per_kind):
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
