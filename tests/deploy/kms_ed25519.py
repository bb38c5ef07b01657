"""moto's KMS taught the Ed25519 keys AWS KMS has (key spec ECC_NIST_EDWARDS25519,
ED25519_SHA_512 over the RAW message), which moto does not emulate yet: a stand-in
for AWS itself, never for our code. The key is a real Ed25519 key; signatures are
real and checked with `cryptography`."""

from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from moto.kms import models, utils
from moto.kms.utils import AbstractPrivateKey

SPEC, ALGORITHM = "ECC_NIST_EDWARDS25519", "ED25519_SHA_512"


class Ed25519Key(AbstractPrivateKey):
    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()

    def sign(self, message: bytes, signing_algorithm: str) -> bytes:
        assert signing_algorithm == ALGORITHM, signing_algorithm
        return self.key.sign(message)

    def verify(self, message: bytes, signature: bytes, signing_algorithm: str) -> bool:
        try:
            self.key.public_key().verify(signature, message)
        except ValueError:
            return False
        return True

    def public_key(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )


def teach_ed25519(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's KMS, in this process, with Ed25519 keys besides its own."""
    generate = utils.generate_private_key
    valid_spec = models.KmsBackend._KmsBackend__ensure_valid_key_spec  # type: ignore[attr-defined]
    algorithms: Any = models.Key.signing_algorithms

    def private_key(key_spec: str) -> Any:
        return Ed25519Key() if key_spec == SPEC else generate(key_spec)

    def ensure_valid_spec(backend: Any, key_spec: str) -> None:
        if key_spec != SPEC:
            valid_spec(backend, key_spec)

    def signing_algorithms(key: Any) -> Any:
        return [ALGORITHM] if key.key_spec == SPEC else algorithms.fget(key)

    monkeypatch.setattr(models, "generate_private_key", private_key)
    monkeypatch.setattr(
        models.KmsBackend, "_KmsBackend__ensure_valid_key_spec", ensure_valid_spec
    )
    monkeypatch.setattr(models.Key, "signing_algorithms", property(signing_algorithms))
