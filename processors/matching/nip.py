"""The 18-digit NIP: birth date, appointment month, sex digit, serial; found in bios and checked."""

import re
from datetime import date

# People write NIPs with spaces or dots between the parts: 19870214 201101 1 003.
_NIP_IN_TEXT = re.compile(r"(?<!\d)(\d{8})[ .-]?(\d{6})[ .-]?([12])[ .-]?(\d{3})(?!\d)")


def nip_problem(nip: str) -> str | None:
    """Why `nip` cannot be a real NIP, or None when its structure is sound."""
    if len(nip) != 18 or not nip.isdigit():
        return "not 18 digits"
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"birth date {nip[0:8]} is not a date"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        return f"appointment month {nip[8:14]} is not a month"
    if year < born.year + 15 or year > 2100:
        return f"appointed {year}, born {born.year}"
    if nip[14] not in "12":
        return f"sex digit {nip[14]} is not 1 or 2"
    return None


def nips_in_text(text: str) -> list[str]:
    """The structurally valid NIPs written in free text, spaces and dots removed."""
    found = ("".join(match.groups()) for match in _NIP_IN_TEXT.finditer(text))
    return [nip for nip in found if nip_problem(nip) is None]
