"""Amounts typed on the command line: a solve's target (``params=7B``) and a device's memory
(``--device-memory 80GiB``), read exactly. Kept in the core: the command line's options and the
sweep's targets read them alike, and neither should import the other."""
from __future__ import annotations

import re
from fractions import Fraction

from estimator.core.errors import command_line_error, MAX_INTEGER_BITS, short_repr

MAX_DIGITS = len(str(2**MAX_INTEGER_BITS))  # 78: more whole digits than any integer in bounds
SUFFIXES = {"K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9, "T": 10**12,
           "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?(?:[eE](?P<exponent>[+-]?[0-9]+))?")


def parse_amount(value: str, what: str) -> int:
    """A positive whole amount a person typed: ``7e9``, ``7B``, ``1_500_000``, ``80GiB``, read
    exactly (no float), its size bounded before it is computed (``1e999999999`` is refused,
    not built). ``what`` names the option in the message."""
    shown = short_repr(value)
    number = value.replace("_", "").replace(",", "")  # 7_000_000_000, 7,000,000,000
    multiplier = 1
    upper = number.upper()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if upper.endswith(suffix):
            multiplier, number = SUFFIXES[suffix], number[: -len(suffix)].strip()
            break
    match = NUMBER.fullmatch(number)  # ASCII digits only: no inf, nan, or digits of other scripts
    if match is None or not (match["whole"] or match["fraction"]):
        raise command_line_error(f"{what}: {shown} is not a number (e.g. 7e9, 7B, 80GiB)")
    whole_number = command_line_error(f"{what}: the target must be a positive whole number, got {shown}")
    too_large = command_line_error(f"{what}: {shown} is too large (more than {MAX_INTEGER_BITS} bits)")
    digits = (match["whole"] + (match["fraction"] or "")).lstrip("0")
    if not digits or match["sign"] == "-":
        raise whole_number
    # the value is int(significant) * 10**scale * multiplier
    significant = digits.rstrip("0")
    scale = len(digits) - len(significant) - len(match["fraction"] or "")
    exponent = (match["exponent"] or "0").lstrip("+")
    if len(exponent.lstrip("-").lstrip("0")) > 9:  # 1e999999999999: decided without computing it
        raise whole_number if exponent.startswith("-") else too_large
    scale += int(exponent)
    if len(significant) + scale > MAX_DIGITS:  # at least 10**78 > 2**256
        raise too_large
    if scale < -MAX_DIGITS:  # below 10**-78 times the significant digits: no multiplier makes it whole
        raise whole_number
    amount = Fraction(int(significant) * multiplier) * Fraction(10) ** scale
    if amount.denominator != 1:
        raise whole_number
    if amount.numerator.bit_length() > MAX_INTEGER_BITS:
        raise too_large
    return amount.numerator
