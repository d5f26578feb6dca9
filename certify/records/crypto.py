"""Encryption at rest for victim data, and keyed hashes for exact-match lookups.

Keys come from settings.FIELD_ENCRYPTION_KEYS, newest first. Every key in the list can decrypt;
only the first encrypts, so adding a key at the front and running `rotate_keys` retires the old.
"""

import base64
import hashlib
import hmac
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold url-safe base64 Fernet keys"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Stored data could not be decrypted with any key in FIELD_ENCRYPTION_KEYS"
        ) from exc


def encrypt_str(value: str) -> str:
    return encrypt_bytes(value.encode()).decode("ascii")


def decrypt_str(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode()


def rotate_token(token: bytes) -> bytes:
    """Re-encrypt with the newest key without exposing the plaintext to the caller."""
    return fernet().rotate(token)


def normalise_for_lookup(value: str) -> str:
    # "A-012 345 678" and "a012345678" must find the same row.
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def blind_index(value: str) -> str:
    """A keyed hash for exact-match lookups of an encrypted value (empty stays empty)."""
    normalised = normalise_for_lookup(value or "")
    if not normalised:
        return ""
    key = settings.BLIND_INDEX_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def keyed_digest(purpose: str, value: str) -> str:
    """A keyed hash of a short secret (a backup code) for storage: without BLIND_INDEX_KEY, a
    copy of the database does not let anyone test guesses offline. Base32, 80 bits."""
    key = hashlib.sha256(f"certify:{purpose}:".encode() + settings.BLIND_INDEX_KEY.encode())
    digest = hmac.new(key.digest(), value.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:16]
