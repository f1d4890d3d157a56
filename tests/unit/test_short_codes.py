"""Short codes of anonymous links: drawn from a digest, typed back in any form."""

from __future__ import annotations

import hashlib

import pytest

from valuedcare.resume_codes import CODE_ALPHABET
from valuedcare.short_codes import (
    SHORT_CODE_LENGTH,
    read_short_code,
    short_code_from,
    show_short_code,
)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def test_a_code_is_eight_characters_without_look_alikes_and_the_same_for_the_same_digest() -> None:
    code = short_code_from(_digest("link 1"))
    assert len(code) == SHORT_CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01ILO")
    assert short_code_from(_digest("link 1")) == code
    assert short_code_from(_digest("link 2")) != code


def test_codes_use_the_whole_alphabet_evenly_enough() -> None:
    """Drawn from 64 bits, every symbol turns up in every position."""
    codes = [short_code_from(_digest(f"link {number}")) for number in range(3000)]
    for position in range(SHORT_CODE_LENGTH):
        assert {code[position] for code in codes} == set(CODE_ALPHABET)
    assert len(set(codes)) == len(codes)


def test_a_short_digest_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 8 bytes"):
        short_code_from(b"1234567")


@pytest.mark.parametrize("typed", ["abcd-efgh", "ABCD EFGH", " abcdefgh ", "AbCd-EfGh"])
def test_a_code_is_read_in_any_case_spacing_or_hyphens(typed: str) -> None:
    assert read_short_code(typed) == "ABCDEFGH"


@pytest.mark.parametrize(
    "typed", ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCD-EFGI", "ÄBCD-EFGH"]
)
def test_what_cannot_be_a_code_is_refused(typed: str) -> None:
    assert read_short_code(typed) is None


def test_a_code_is_printed_in_two_groups_of_four() -> None:
    assert show_short_code("ABCDEFGH") == "ABCD-EFGH"
