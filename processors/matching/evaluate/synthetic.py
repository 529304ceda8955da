"""A synthetic ASN registry (CONTRACTS.md §2) for tests, evaluation and benchmarks.

Names come from the faker `id_ID` person provider and the MIT `indonesian-names` lists (read
from ../shared/data beside the project root, never copied), written the way personnel records
write them: gelar before and degrees after, Muhammad abbreviated, old spellings, Javanese
mononyms, Balinese, Batak and Bugis names. Names are drawn from small pools, so thousands share
a name. NIPs have a valid structure. Deterministic for a seed.

    .venv/bin/python -m processors.matching.evaluate.synthetic ROWS OUT.csv [--seed N]
"""

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faker.providers.address.id_ID import Provider as Address
from faker.providers.person.id_ID import Provider as Person

from netra.domain.registry import KNOWN_COLUMNS

NAMES_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "indonesian-names"
MONONYMS = (
    "Suparman", "Sugiyono", "Sukardi", "Sumarno", "Suharto", "Sutrisno", "Sunarto", "Supriyadi",
    "Suwarno", "Sukirman", "Slamet", "Mulyono", "Parjo", "Wagiman", "Tukiran", "Paimin", "Sarijo",
    "Karno", "Sumarni", "Sutinah", "Painem", "Sulastri", "Suyatmi", "Sukinah", "Sumiyati",
    "Wagini", "Tumini", "Sriyatun",
)
OLD_SPELLINGS = {"u": "oe", "j": "dj", "c": "tj", "sy": "sj", "kh": "ch"}
BALI_ORDER = ("Putu", "Made", "Komang", "Ketut", "Wayan", "Gede", "Kadek", "Nyoman")
MARGA = ("Siregar", "Harahap", "Simanjuntak", "Nasution", "Lubis", "Sitompul", "Hutapea", "Sinaga")
MUHAMMAD = ("M.", "Moh.", "Muh.", "Mochammad", "Mohamad", "Muhammad", "Muhamad")
REGION_SUFFIXES = ("", " Raya", " Baru", " Utara", " Selatan", " Timur", " Barat", " Tengah")


@dataclass(frozen=True, slots=True)
class Job:
    """A kind of post: jabatan, the unit it works in, the degree its holders tend to have."""

    jabatan: tuple[str, ...]
    unit: str
    degrees: tuple[str, ...]
    weight: int


JOBS = (
    Job(("Guru Ahli Pertama", "Guru Ahli Muda", "Guru Kelas"), "SD Negeri {n} {r}", ("S.Pd.",), 30),
    Job(("Guru Ahli Muda", "Guru Mata Pelajaran"), "SMP Negeri {n} {r}", ("S.Pd.", "M.Pd."), 15),
    Job(("Guru Ahli Madya",), "SMA Negeri {n} {r}", ("S.Pd.", "M.Pd.", "S.Si."), 8),
    Job(("Kepala Sekolah",), "SD Negeri {n} {r}", ("S.Pd.", "M.Pd."), 3),
    Job(("Perawat Terampil", "Perawat Ahli Pertama"), "Puskesmas {k}", ("S.Kep., Ns.", "A.Md.Kep."), 8),
    Job(("Bidan Terampil", "Bidan Ahli Pertama"), "Puskesmas {k}", ("A.Md.Keb.", "S.Tr.Keb."), 6),
    Job(("Dokter Ahli Pertama",), "RSUD {r}", ("",), 3),
    Job(("Camat",), "Kecamatan {k}", ("S.STP.", "S.IP., M.Si."), 1),
    Job(("Lurah", "Sekretaris Kelurahan"), "Kelurahan {k}", ("S.Sos.", "S.IP."), 2),
    Job(("Analis Kebijakan", "Pengadministrasi Umum", "Pengelola Keuangan"),
        "Badan Pengelolaan Keuangan dan Aset Daerah", ("S.E.", "S.E., M.M.", "A.Md."), 8),
    Job(("Pranata Komputer Ahli Pertama",), "Dinas Komunikasi dan Informatika", ("S.Kom.",), 3),
    Job(("Penyuluh Pertanian Ahli Pertama",), "Dinas Pertanian", ("S.P.", "S.TP."), 4),
    Job(("Polisi Pamong Praja Terampil",), "Satuan Polisi Pamong Praja", ("", "S.H."), 4),
    Job(("Kepala Dinas", "Kepala Bidang"), "Dinas Pendidikan", ("S.Pd., M.Pd.", "S.Sos., M.Si."), 1),
    Job(("Penghulu", "Penyuluh Agama Islam"), "Kantor Urusan Agama Kecamatan {k}", ("S.Ag.", "S.H.I."), 3),
)


def _read_list(name: str) -> list[str]:
    path = NAMES_DIR / name
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


class NamePools:
    """First and last names by sex, from faker id_ID and the indonesian-names lists."""

    def __init__(self) -> None:
        self.first = {
            "1": sorted({*Person.first_names_male, *_read_list("first-male.csv")}),
            "2": sorted({*Person.first_names_female, *_read_list("first-female.csv")}),
        }
        self.last = {
            "1": sorted({*Person.last_names_male, *_read_list("last-male.csv"),
                         *_read_list("last-neutral.csv")}),
            "2": sorted({*Person.last_names_female, *_read_list("last-female.csv"),
                         *_read_list("last-neutral.csv")}),
        }


def regions(rng: random.Random, count: int = 545) -> list[str]:
    """Region names in registry form: `Kabupaten X`, `Kota Y`, `Provinsi Z`."""
    roots = sorted(r for r in {*Address.cities, *Address.streets} if "Kota" not in r)
    bare = sorted({root + suffix for root in roots for suffix in REGION_SUFFIXES})
    rng.shuffle(bare)
    provinces = [f"Provinsi {name}" for name in bare[:37]]
    towns = [f"{'Kota' if i % 5 == 0 else 'Kabupaten'} {name}" for i, name in enumerate(bare[37:count])]
    return provinces + towns


class RegistryGenerator:
    """Draws registry rows; `rows(n)` yields CSV dicts."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.pools = NamePools()
        self.regions = regions(self.rng)
        self.kecamatan = sorted({*Address.streets, *Address.cities})
        self.issued: set[str] = set()
        self.handles: set[str] = set()

    def person_name(self, sex: str) -> str:
        """A bare name (no gelar), in one of the shapes Indonesian names take."""
        rng, first, last = self.rng, self.pools.first[sex], self.pools.last[sex]
        shape = rng.random()
        if shape < 0.12:
            return rng.choice(MONONYMS)
        if shape < 0.17:
            marker = "I" if sex == "1" else "Ni"
            return f"{marker} {rng.choice(BALI_ORDER)} {rng.choice(first)} {rng.choice(last)}"
        if shape < 0.22:
            return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(MARGA)}"
        if shape < 0.25:
            return f"Andi {rng.choice(first)} {rng.choice(last)}"
        if shape < 0.33 and sex == "1":
            return f"{rng.choice(MUHAMMAD)} {rng.choice(first)} {rng.choice(last)}"
        if shape < 0.45:
            return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
        if shape < 0.50:
            return rng.choice(first)
        name = f"{rng.choice(first)} {rng.choice(last)}"
        if shape < 0.53:
            for new, old in OLD_SPELLINGS.items():
                name = name.replace(new, old, 1)
        return name

    def with_gelar(self, name: str, sex: str, job: Job) -> str:
        """The name as personnel records write it."""
        rng = self.rng
        prefix = ""
        if rng.random() < 0.12:
            prefix = "H. " if sex == "1" else "Hj. "
        if job.jabatan[0].startswith("Dokter"):
            prefix += "dr. "
        elif rng.random() < 0.04:
            prefix += rng.choice(("Drs. ", "Ir. ", "Dr. ")) if sex == "1" else "Dra. "
        degree = rng.choice(job.degrees)
        return f"{prefix}{name}, {degree}" if degree and rng.random() < 0.85 else f"{prefix}{name}"

    def nip(self, sex: str) -> str:
        """A NIP with a real birth date, an appointment month after age 18, the sex digit."""
        rng = self.rng
        while True:
            year = rng.randint(1964, 2000)
            born = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            appointed = f"{min(2024, year + rng.randint(19, 35))}{rng.randint(1, 12):02d}"
            nip = f"{born}{appointed}{sex}{rng.randint(1, 999):03d}"
            if nip not in self.issued:
                self.issued.add(nip)
                return nip

    def accounts(self, name: str) -> str:
        """Social accounts for some people, as agencies' neutrality task forces collect them."""
        rng = self.rng
        if rng.random() > 0.15:
            return ""
        words = [w.strip(".,").lower() for w in name.split() if len(w.strip(".,")) > 1]
        handle = rng.choice(("_", ".", "")).join(words[:2])
        while handle in self.handles:
            handle += str(rng.randint(0, 9))
        self.handles.add(handle)
        platforms = rng.sample(("x", "instagram", "facebook", "tiktok"), rng.randint(1, 2))
        return ";".join(f"{platform}:{handle}" for platform in platforms)

    def row(self) -> dict[str, str]:
        """One registry row."""
        rng = self.rng
        sex = rng.choice("12")
        job = rng.choices(JOBS, weights=[j.weight for j in JOBS])[0]
        wilayah = rng.choice(self.regions)
        region = wilayah.split(" ", 1)[1]
        level = wilayah.split(" ", 1)[0]
        instansi = f"Pemerintah {level} {region}"
        if job.unit.startswith("Kantor Urusan Agama"):
            instansi = "Kementerian Agama"
        unit = job.unit.format(n=rng.randint(1, 60), r=region, k=rng.choice(self.kecamatan))
        name = self.person_name(sex)
        slug = "".join(ch for ch in region.lower() if ch.isalpha())
        return {
            "nip": self.nip(sex),
            "nama": self.with_gelar(name, sex, job),
            "jabatan": rng.choice(job.jabatan),
            "instansi": instansi,
            "unit_kerja": unit,
            "wilayah": wilayah,
            "akun_medsos": self.accounts(name),
            "email_instansi": f"kepegawaian@{slug}.go.id",
        }

    def rows(self, count: int) -> Iterator[dict[str, str]]:
        """`count` rows."""
        return (self.row() for _ in range(count))


def write_registry(path: Path, count: int, seed: int = 7) -> None:
    """Write a synthetic registry CSV of `count` rows."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=KNOWN_COLUMNS)
        writer.writeheader()
        writer.writerows(RegistryGenerator(seed).rows(count))


def main(argv: list[str] | None = None) -> int:
    """Command line: write a synthetic registry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write_registry(args.out, args.rows, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
