"""What a profile says about its owner: occupation, civil-servant status, institution or outlet."""

import re

# Occupation -> words that name it in a bio or a registry `jabatan` (expanded, lower case).
OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "guru": ("guru", "pengajar", "pendidik", "kepala sekolah", "kepsek", "wali kelas"),
    "dosen": ("dosen", "lektor", "asisten ahli"),
    "dokter": ("dokter", "dr", "dokter gigi", "drg"),
    "perawat": ("perawat", "nurse", "ners"),
    "bidan": ("bidan", "midwife"),
    "apoteker": ("apoteker", "farmasi"),
    "camat": ("camat", "sekcam", "sekretaris kecamatan"),
    "lurah": ("lurah", "sekretaris kelurahan", "seklur"),
    "penyuluh": ("penyuluh",),
    "penghulu": ("penghulu",),
    "satpol": ("satpol", "satpol pp", "pamong praja", "polisi pamong praja"),
    "auditor": ("auditor",),
    "pranata": ("pranata komputer", "operator", "pranata"),
    "analis": ("analis", "staf", "staff", "pengadministrasi", "pengelola", "fungsional umum"),
    "kepala": ("kepala dinas", "kadis", "kepala bidang", "kabid", "kasubag", "kepala seksi"),
    "jurnalis": ("wartawan", "jurnalis", "reporter", "redaktur", "journalist"),
    "wiraswasta": (
        "wiraswasta", "pengusaha", "pedagang", "entrepreneur", "owner", "jualan", "karyawan swasta",
        "ojol", "driver", "petani", "buruh", "freelancer", "youtuber", "content creator",
    ),
    "mahasiswa": ("mahasiswa", "mahasiswi", "pelajar", "student"),
}
# Occupations no ASN holds in that capacity: they contradict any registry jabatan.
NON_ASN_OCCUPATIONS = frozenset({"jurnalis", "wiraswasta", "mahasiswa"})
ASN_WORDS = ("asn", "pns", "pppk", "abdi negara", "aparatur sipil negara", "pegawai negeri")
HONORER_WORDS = ("honorer", "tenaga honorer", "guru honor", "non asn", "non-asn", "gtt", "ptt")
INSTITUTION_WORDS = (
    "akun resmi", "official", "resmi", "humas", "pemerintah", "pemkab", "pemkot", "pemprov",
    "dinas", "badan", "sekretariat", "kecamatan", "kelurahan", "sekolah", "puskesmas", "rsud",
    "kementerian", "bawaslu", "kpu",
)
OUTLET_WORDS = (
    "berita", "news", "media", "portal", "tv", "radio", "pos", "times", "online", "info",
    "update", "terkini", "redaksi", "channel",
)
_WORD = re.compile(r"[a-z0-9]+")
_NON_ASN = re.compile(r"\bnon[\s-]*(asn|pns)\b")


def _phrases(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases that occur in `text` on word boundaries."""
    padded = " " + " ".join(_WORD.findall(text.lower())) + " "
    return [phrase for phrase in phrases if f" {phrase} " in padded]


def occupations(text: str) -> set[str]:
    """The occupations a bio or a jabatan names."""
    return {job for job, words in OCCUPATIONS.items() if _phrases(text, words)}


def asn_words(text: str) -> list[str]:
    """The words by which a bio declares its owner a civil servant (ASN, PNS, PPPK...)."""
    return _phrases(_NON_ASN.sub(" ", text.lower()), ASN_WORDS)


def honorer_words(text: str) -> list[str]:
    """The words by which a bio declares its owner non-permanent staff (not ASN)."""
    return _phrases(text, HONORER_WORDS)


def institution_words(display_name: str, handle: str) -> list[str]:
    """Words in the display name or handle that say the account is an office, not a person."""
    handle_words = " ".join(re.split(r"[^a-z0-9]+", handle.lower()))
    return _phrases(f"{display_name} {handle_words}", INSTITUTION_WORDS)


def outlet_words(display_name: str, handle: str) -> list[str]:
    """Words in the display name or handle that say the account is a news outlet."""
    handle_words = " ".join(re.split(r"[^a-z0-9]+", handle.lower()))
    return _phrases(f"{display_name} {handle_words}", OUTLET_WORDS)
