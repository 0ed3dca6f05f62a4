"""Phone numbers normalised to E.164; French numbers need no prefix."""

import phonenumbers

from municipal_api.core.errors import ApiError

DEFAULT_REGION = "FR"


def normalise_phone(value: str) -> str:
    """'06 12 34 56 78' -> '+33612345678'. Raises 422 invalid_phone (without echoing the number)."""
    try:
        parsed = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ApiError(422, "invalid_phone", "This is not a valid phone number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
