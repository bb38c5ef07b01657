"""Seals signed by AWS KMS: an Ed25519 key (ECC_NIST_EDWARDS25519) whose private half
never leaves KMS, so neither the database's owner nor the code can read it."""

from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_der_public_key

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient
else:
    KMSClient = Any


class KmsSigner:
    """Signs with a KMS key by its id, ARN or alias; its public key read once."""

    def __init__(self, client: KMSClient, key_id: str) -> None:
        self.client, self.key_id = client, key_id
        self._public: Ed25519PublicKey | None = None

    def sign(self, data: bytes) -> bytes:
        answer = self.client.sign(
            KeyId=self.key_id,
            Message=data,
            MessageType="RAW",  # pure Ed25519 over the message itself
            SigningAlgorithm="ED25519_SHA_512",
        )
        return answer["Signature"]

    def public_key(self) -> Ed25519PublicKey:
        if self._public is None:
            der = self.client.get_public_key(KeyId=self.key_id)["PublicKey"]
            found = load_der_public_key(der)
            if not isinstance(found, Ed25519PublicKey):
                raise ValueError(f"KMS key {self.key_id} is not ECC_NIST_EDWARDS25519")
            self._public = found
        return self._public


@cache
def kms_signer(key_id: str) -> KmsSigner:
    """The signer of a key, one per process; the region and endpoint as boto3 finds
    them (AWS_REGION on Lambda; AWS_ENDPOINT_URL_KMS for a stand-in)."""
    config = Config(
        retries={"total_max_attempts": 3, "mode": "standard"},
        connect_timeout=2,
        read_timeout=8,
    )
    return KmsSigner(boto3.client("kms", config=config), key_id)
