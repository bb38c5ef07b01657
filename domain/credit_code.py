"""The unified social credit code (统一社会信用代码) of GB 32100-2015."""

from domain.errors import InvalidValue

LENGTH = 18
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S or V
# 1 编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商,
# A 中央军委改革和编制办公室, N 农业, Y 其他.
AUTHORITIES = "123456789ANY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(LENGTH - 1))
# GB 11714 organisation code: eight characters and a check, letters valued A=10 … Z=35.
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def validate(code: str) -> str:
    """The code unchanged if well-formed and both its check characters agree."""
    if not isinstance(code, str) or len(code) != LENGTH:
        raise InvalidValue("credit_code", f"must be {LENGTH} characters")
    for char in code:
        if char not in CHARSET:
            raise InvalidValue(
                "credit_code", f"{char!r} is not allowed (digits, capitals but IOZSV)"
            )
    if code[0] not in AUTHORITIES:
        raise InvalidValue("credit_code", f"{code[0]!r} is no registration authority")
    if not code[1].isdigit():
        raise InvalidValue("credit_code", "the organisation category must be a digit")
    if not code[2:8].isdigit():
        raise InvalidValue("credit_code", "the division code must be six digits")
    if organisation_check(code[8:16]) != code[16]:
        raise InvalidValue("credit_code", "the organisation code's check is wrong")
    if check_character(code[:17]) != code[17]:
        raise InvalidValue("credit_code", "the final check character is wrong")
    return code


def check_character(body: str) -> str:
    """The 18th character for the first 17 (weights 3^i mod 31)."""
    total = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return CHARSET[-total % 31]


def organisation_check(body: str) -> str:
    """The check character of a GB 11714 organisation code's eight-character body."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORGANISATION_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def make(kind: str, division: str, organisation: str) -> str:
    """The code of its parts, with both check characters: the authority and category
    (`91`, an enterprise), a six-digit division, an eight-character organisation body."""
    first17 = f"{kind}{division}{organisation}{organisation_check(organisation)}"
    return validate(first17 + check_character(first17))
