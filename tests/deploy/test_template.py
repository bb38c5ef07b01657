"""What `serverless.yml` becomes: the CloudFormation `make deploy-check` generated
offline for each stage (dev: embedded tokens and a Secrets Manager password; prod: a
JWT authorizer and RDS IAM auth)."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from api.aws import handlers

BUILT = Path(__file__).parents[2] / "build" / "sls"
FUNCTIONS = (
    *("api", "views", "evidence", "sweep", "assess", "reconcile", "seal", "migrate"),
)
ONE_AT_A_TIME = ("views", "sweep", "assess", "reconcile", "seal", "migrate")
Template = dict[str, Any]


def generated(stage: str) -> Template:
    path = BUILT / stage / "cloudformation-template-update-stack.json"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: `make test` runs deploy-check first")
        pytest.skip("run `make deploy-check` to generate the templates")
    template: Template = json.loads(path.read_text())
    return template


@pytest.fixture(params=["dev", "prod"])
def stage(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def template(stage: str) -> Template:
    return generated(stage)


def resources(template: Template, kind: str) -> dict[str, Any]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def function(template: Template, name: str) -> dict[str, Any]:
    found: dict[str, Any] = template["Resources"][f"{name.title()}LambdaFunction"]
    return found


def statements(template: Template, name: str) -> list[dict[str, Any]]:
    role = function(template, name)["Properties"]["Role"]["Fn::GetAtt"][0]
    (policy,) = template["Resources"][role]["Properties"]["Policies"]
    found: list[dict[str, Any]] = policy["PolicyDocument"]["Statement"]
    return found


def actions(statement: dict[str, Any]) -> set[str]:
    given = statement["Action"]
    return {given} if isinstance(given, str) else set(given)


def test_every_handler_named_in_the_template_is_a_function_of_the_module(
    template: Template,
) -> None:
    for name in FUNCTIONS:
        properties = function(template, name)["Properties"]
        module, _, attribute = properties["Handler"].partition(".")
        assert module == "api/aws/handlers"
        assert callable(getattr(handlers, attribute))
        assert (properties["Runtime"], properties["Architectures"]) == (
            "python3.12",
            ["arm64"],
        )


def test_each_function_has_a_role_of_its_own_and_there_is_no_shared_one(
    template: Template,
) -> None:
    roles = [function(template, n)["Properties"]["Role"] for n in FUNCTIONS]
    assert len({json.dumps(role) for role in roles}) == len(FUNCTIONS)
    assert set(resources(template, "AWS::IAM::Role")) == {
        f"{name.title()}Role" for name in FUNCTIONS
    }


def test_functions_without_photos_may_only_reach_the_database(
    template: Template, stage: str
) -> None:
    expected = {"dev": {"secretsmanager:GetSecretValue"}, "prod": {"rds-db:connect"}}
    for name in ("views", "sweep", "assess", "migrate"):
        (only,) = statements(template, name)
        assert actions(only) == expected[stage]


def test_no_function_may_delete_evidence_or_bypass_its_lock(template: Template) -> None:
    for name in FUNCTIONS:
        for statement in statements(template, name):
            assert not any("Bypass" in action for action in actions(statement))
            if "s3:DeleteObject" in actions(statement):
                assert "QuarantineBucket" in json.dumps(statement["Resource"])
                assert "EvidenceBucket" not in json.dumps(statement["Resource"])


def test_every_function_connects_as_lambda_should(template: Template) -> None:
    for name in FUNCTIONS:
        env = function(template, name)["Properties"]["Environment"]["Variables"]
        assert env["SITELEDGER_CREATE_TABLES"] == "n"
        assert env["SITELEDGER_POOL_SIZE"] == "1"
        assert env["PGSSLMODE"] == "require"
        user_part = env["SITELEDGER_DATABASE_URL"].split("@")[0]
        assert ":" not in user_part.removeprefix("postgresql://"), "no password"


def test_the_jobs_run_one_at_a_time(template: Template) -> None:
    for name in ONE_AT_A_TIME:
        properties = function(template, name)["Properties"]
        assert properties["ReservedConcurrentExecutions"] == 1


def test_the_new_api_goes_live_only_after_the_migration_ran(template: Template) -> None:
    migration = template["Resources"]["MigrateOnDeploy"]
    assert migration["Properties"]["ServiceToken"] == {
        "Fn::GetAtt": ["MigrateLambdaFunction", "Arn"]
    }
    assert "MigrateOnDeploy" in template["Resources"]["ApiLambdaFunction"]["DependsOn"]


def test_the_evidence_bucket_is_locked_encrypted_private_and_tls_only(
    template: Template, stage: str
) -> None:
    bucket = template["Resources"]["EvidenceBucket"]
    properties = bucket["Properties"]
    assert bucket["DeletionPolicy"] == "Retain"
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    retention = properties["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]
    assert retention["Mode"] == {"dev": "GOVERNANCE", "prod": "COMPLIANCE"}[stage]
    (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert all(properties["PublicAccessBlockConfiguration"].values())
    assert tls_only(template, "EvidenceBucket")


def test_the_quarantine_bucket_expires_uploads_and_announces_new_ones(
    template: Template,
) -> None:
    properties = template["Resources"]["QuarantineBucket"]["Properties"]
    (rule,) = properties["LifecycleConfiguration"]["Rules"]
    assert (rule["Status"], rule["ExpirationInDays"] >= 1) == ("Enabled", True)
    (cors,) = properties["CorsConfiguration"]["CorsRules"]
    assert set(cors["AllowedMethods"]) == {"PUT", "POST"}
    assert properties["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}
    }
    assert all(properties["PublicAccessBlockConfiguration"].values())
    assert tls_only(template, "QuarantineBucket")


def tls_only(template: Template, bucket: str) -> bool:
    for policy in resources(template, "AWS::S3::BucketPolicy").values():
        if policy["Properties"]["Bucket"] == {"Ref": bucket}:
            (deny,) = policy["Properties"]["PolicyDocument"]["Statement"]
            return bool(
                deny["Effect"] == "Deny"
                and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            )
    return False


def test_uploads_landing_in_quarantine_reach_the_evidence_function(
    template: Template,
) -> None:
    (rule,) = [
        r
        for r in resources(template, "AWS::Events::Rule").values()
        if "EventPattern" in r["Properties"]
    ]
    pattern = rule["Properties"]["EventPattern"]
    assert (pattern["source"], pattern["detail-type"]) == (
        ["aws.s3"],
        ["Object Created"],
    )
    assert pattern["detail"]["bucket"]["name"] == [{"Ref": "QuarantineBucket"}]
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": ["EvidenceLambdaFunction", "Arn"]}


def test_the_seal_runs_hourly_signing_with_a_kms_ed25519_key_and_locking_seals(
    template: Template, stage: str
) -> None:
    key = template["Resources"]["AuditKey"]
    assert key["DeletionPolicy"] == "Retain"
    assert (key["Properties"]["KeySpec"], key["Properties"]["KeyUsage"]) == (
        "ECC_NIST_EDWARDS25519",
        "SIGN_VERIFY",
    )
    (rule,) = [
        r
        for r in resources(template, "AWS::Events::Rule").values()
        if r["Properties"]["Targets"][0]["Arn"]["Fn::GetAtt"][0] == "SealLambdaFunction"
    ]
    assert rule["Properties"]["ScheduleExpression"] == "rate(1 hour)"
    env = function(template, "seal")["Properties"]["Environment"]["Variables"]
    assert env["SITELEDGER_AUDIT_KMS_KEY_ID"] == {"Fn::GetAtt": ["AuditKey", "Arn"]}
    lock = {"dev": ("GOVERNANCE", "1"), "prod": ("COMPLIANCE", "3650")}[stage]
    assert (
        env["SITELEDGER_AUDIT_SEAL_LOCK_MODE"],
        env["SITELEDGER_AUDIT_SEAL_LOCK_DAYS"],
    ) == lock


def test_only_the_seal_may_sign_and_it_puts_seals_under_their_lock(
    template: Template,
) -> None:
    for name in FUNCTIONS:
        signs = [s for s in statements(template, name) if "kms:Sign" in actions(s)]
        assert len(signs) == (name == "seal")
    found = {
        json.dumps(s["Resource"]): actions(s) for s in statements(template, "seal")
    }
    assert found[json.dumps({"Fn::GetAtt": ["AuditKey", "Arn"]})] == {
        "kms:Sign",
        "kms:GetPublicKey",
    }
    (seals,) = [s for s in statements(template, "seal") if "s3:PutObject" in actions(s)]
    assert "s3:PutObjectRetention" in actions(seals)
    assert "/evidence/audit/seals/*" in json.dumps(seals["Resource"])


def test_in_prod_a_jwt_authorizer_guards_every_route_but_the_open_ones() -> None:
    template = generated("prod")
    routes = resources(template, "AWS::ApiGatewayV2::Route").values()
    guarded = {
        r["Properties"]["RouteKey"]: r["Properties"].get("AuthorizationType")
        for r in routes
    }
    assert guarded == {
        "ANY /{proxy+}": "JWT",
        "GET /health": None,
        "GET /openapi.json": None,
        "GET /docs": None,
        "GET /docs/assets/{file+}": None,
        "GET /screen/{jurisdiction}": None,
        "GET /console/static/{file+}": None,
    }
    env = function(template, "api")["Properties"]["Environment"]["Variables"]
    assert env["SITELEDGER_AUTH_MODE"] == "gateway"


def test_in_dev_the_service_issues_its_own_tokens_with_no_authorizer() -> None:
    template = generated("dev")
    assert not resources(template, "AWS::ApiGatewayV2::Authorizer")
    env = function(template, "api")["Properties"]["Environment"]["Variables"]
    assert env["SITELEDGER_AUTH_MODE"] == "embedded"
    assert "resolve:secretsmanager" in json.dumps(env["SITELEDGER_JWT_SECRET"])


def test_the_api_is_throttled_at_the_door_and_logs_each_request(
    template: Template,
) -> None:
    stage = template["Resources"]["HttpApiStage"]["Properties"]
    settings = stage["DefaultRouteSettings"]
    assert settings["ThrottlingRateLimit"] > 0
    assert settings["ThrottlingBurstLimit"] >= settings["ThrottlingRateLimit"]
    assert "integrationLatency" in stage["AccessLogSettings"]["Format"]
