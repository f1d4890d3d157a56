"""Resume codes: what an anonymous respondent keeps to come back to their answers (pure).

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L: 31 symbols, so about
8.5e11 codes), shown as ``ABCD-EFGH`` and accepted with any spacing, hyphens or case. Only a
hash is stored, and a code is valid only on its own link (``data.responses``).
"""

from __future__ import annotations

import hashlib
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_resume_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Upper case without spaces or hyphens (people copy "ABCD-EFGH" or "abcd efgh")."""
    return "".join(code.split()).replace("-", "").upper()


def format_code(code: str) -> str:
    """ "ABCDEFGH" shown as "ABCD-EFGH"."""
    return f"{code[:4]}-{code[4:]}"


def hash_code(code: str) -> str:
    return hashlib.sha256(("resume:" + normalise_code(code)).encode("utf-8")).hexdigest()


def is_well_formed_code(code: str) -> bool:
    normal = normalise_code(code)
    return len(normal) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in normal)


__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "format_code",
    "hash_code",
    "is_well_formed_code",
    "new_resume_code",
    "normalise_code",
]
