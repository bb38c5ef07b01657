"""The scheduled seal on AWS: the `seal` function signs the log's tree head with an
Ed25519 key that KMS keeps and puts the seal in the evidence bucket under S3 Object
Lock. moto's KMS and S3, over HTTP, stand in for AWS."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import boto3
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_der_public_key

from api.audit import recorder, verify_timed
from api.aws import handlers
from api.settings import Settings
from storage.kms import kms_signer
from storage.seals import Seal
from tests.deploy.events import Lambda, fixture
from tests.deploy.kms_ed25519 import teach_ed25519
from tests.storage.servers import ACCESS_KEY, SECRET_KEY, client_for

REGION = "cn-northwest-1"


@dataclass
class Sealing:
    aws: Lambda
    s3: Any
    bucket: str
    public: Ed25519PublicKey

    def stored_seals(self) -> list[Seal]:
        with Settings.from_env().open_ledger() as ledger:
            return [Seal.from_json(s) for s in recorder(ledger).select_seals()]

    def published(self, key: str) -> dict[str, Any]:
        found: dict[str, Any] = self.s3.get_object(
            Bucket=self.bucket, Key=f"evidence/{key}"
        )
        return found


@pytest.fixture
def sealing(
    aws: Lambda, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Sealing]:
    """The functions as serverless.yml sets them up: a KMS key of spec
    ECC_NIST_EDWARDS25519, and an evidence bucket with Object Lock."""
    teach_ed25519(monkeypatch)
    for name, value in {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL_KMS": s3_endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    kms = boto3.client("kms")
    made = kms.create_key(KeySpec="ECC_NIST_EDWARDS25519", KeyUsage="SIGN_VERIFY")[
        "KeyMetadata"
    ]
    public = load_der_public_key(kms.get_public_key(KeyId=made["KeyId"])["PublicKey"])
    assert isinstance(public, Ed25519PublicKey)
    s3, bucket = client_for(s3_endpoint), f"siteledger-locked-{uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    aws.configure(
        EVIDENCE_STORE="s3",
        EVIDENCE_S3_ENDPOINT_URL=s3_endpoint,
        EVIDENCE_S3_PATH_STYLE="y",
        EVIDENCE_BUCKET=bucket,
        EVIDENCE_QUARANTINE_BUCKET="siteledger-quarantine",
        AUDIT_KMS_KEY_ID=made["Arn"],
        AUDIT_SEAL_LOCK_MODE="COMPLIANCE",
        AUDIT_SEAL_LOCK_DAYS="30",
    )
    kms_signer.cache_clear()
    yield Sealing(aws, s3, bucket, public)
    kms_signer.cache_clear()


def test_the_seal_function_signs_with_the_kms_key_and_locks_the_published_seal(
    sealing: Sealing,
) -> None:
    sealing.aws.county()
    answer = handlers.seal(fixture("eventbridge_scheduled"), None)
    (stored,) = sealing.stored_seals()
    assert stored.signed_by(sealing.public)
    assert (answer["size"], answer["root"]) == (stored.size, stored.root)
    assert stored.size > 0
    published = sealing.published(answer["published"])
    assert json.loads(published["Body"].read()) == json.loads(stored.to_json())
    assert published["ObjectLockMode"] == "COMPLIANCE"
    until = published["ObjectLockRetainUntilDate"]
    assert abs(until - (datetime.now(UTC) + timedelta(days=30))) < timedelta(hours=1)


def test_a_locked_seal_cannot_be_removed(sealing: Sealing) -> None:
    sealing.aws.county()
    key = (
        "evidence/" + handlers.seal(fixture("eventbridge_scheduled"), None)["published"]
    )
    version = sealing.s3.head_object(Bucket=sealing.bucket, Key=key)["VersionId"]
    with pytest.raises(ClientError) as refused:
        sealing.s3.delete_object(Bucket=sealing.bucket, Key=key, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"


def test_each_run_adds_a_seal_and_the_log_verifies_against_the_kms_key(
    sealing: Sealing, capsys: pytest.CaptureFixture[str]
) -> None:
    sealing.aws.county()
    first = handlers.seal(fixture("eventbridge_scheduled"), None)
    second = handlers.seal(fixture("eventbridge_scheduled"), None)
    assert first["published"] != second["published"]
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert line["SealedEntries"] == second["size"]
    settings = Settings.from_env()
    with settings.open_ledger() as ledger:
        timed = verify_timed(ledger, settings)
    assert (timed.report.breaks, timed.report.seals) == ([], 2)
