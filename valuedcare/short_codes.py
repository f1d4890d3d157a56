"""Short codes of anonymous links, for posters and paper at events (pure).

A QR code is no use to someone who cannot scan it, and a 32-character link cannot be typed from a
poster. So each anonymous link also has a short address, ``/s/ABCD-EFGH``: eight characters from
the resume codes' alphabet without look-alikes (no 0/O, 1/I/L: 31 symbols, about 8.5e11 codes),
accepted with any spacing, hyphens or case.

The code is made from a digest (the data layer's HMAC of the link's id and a stored random nonce
with the application's secret key), so a poster can be printed again at any time while only the
code's hash is stored. Trying codes is refused after 30 wrong ones a minute from an address
(``survey.limits``), so finding a link by trying is out of reach.
"""

from __future__ import annotations

from valuedcare.resume_codes import CODE_ALPHABET, format_code, normalise_code

SHORT_CODE_LENGTH = 8
#: Bytes of the digest a code is drawn from: 8 bytes (64 bits) make the modulo's bias negligible.
DIGEST_BYTES = 8


def short_code_from(digest: bytes) -> str:
    """Eight characters of ``CODE_ALPHABET`` drawn from the first bytes of ``digest``."""
    if len(digest) < DIGEST_BYTES:
        raise ValueError(f"a short code needs a digest of at least {DIGEST_BYTES} bytes")
    number = int.from_bytes(digest[:DIGEST_BYTES], "big")
    symbols = []
    for _ in range(SHORT_CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[index])
    return "".join(symbols)


def read_short_code(typed: str) -> str | None:
    """The code someone typed ("abcd efgh", "ABCD-EFGH"), normalised, or None when it cannot be
    one (wrong length or a character outside the alphabet)."""
    normal = normalise_code(typed)
    if len(normal) != SHORT_CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in normal):
        return None
    return normal


def show_short_code(code: str) -> str:
    """``ABCDEFGH`` as printed on a poster: ``ABCD-EFGH``."""
    return format_code(code)


__all__ = ["SHORT_CODE_LENGTH", "read_short_code", "short_code_from", "show_short_code"]
