"""Seals: a tree head (size, root, time) signed with an Ed25519 key kept apart from
the database, so whoever owns the database cannot rewrite what was sealed."""

import base64
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

DOMAIN = b"siteledger tree head v1\n"


class Signer(Protocol):
    """An Ed25519 key that signs: a local private key, or one KMS keeps."""

    def sign(self, data: bytes) -> bytes: ...
    def public_key(self) -> Ed25519PublicKey: ...


@dataclass(frozen=True)
class Seal:
    size: int
    root: str  # hex
    sealed_at: str  # ISO 8601, the server's clock
    key_id: str  # the first 16 hex digits of SHA-256 of the raw public key
    signature: str  # base64 of the Ed25519 signature over message()

    def message(self) -> bytes:
        return DOMAIN + f"{self.size}\n{self.root}\n{self.sealed_at}\n".encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, body: str) -> "Seal":
        found = json.loads(body)
        return cls(**{k: found[k] for k in cls.__dataclass_fields__})

    def signed_by(self, key: Ed25519PublicKey) -> bool:
        try:
            key.verify(base64.b64decode(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_text(key: Ed25519PublicKey) -> str:
    """The public key as base64 of its 32 raw bytes: what an auditor pins."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def seal(key: Signer, size: int, root: bytes, at: datetime) -> Seal:
    unsigned = Seal(size, root.hex(), at.isoformat(), key_id(key.public_key()), "")
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return Seal(size, unsigned.root, unsigned.sealed_at, unsigned.key_id, signature)


def load_key(path: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """The signing key in a PEM file (PKCS #8), made on first use when `create`."""
    if not path.exists() and create:
        made = Ed25519PrivateKey.generate()
        pem = made.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_bytes(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} holds no Ed25519 private key")
    return key
