"""All configuration, read once from the environment and handed down."""

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from domain.app import SiteLedger
from domain.model.intake import CallbackRule, CallbackRules
from domain.model.meeting_kinds import MeetingKinds
from projections.assessment import AssessmentRules
from projections.people import Cadence
from projections.ranking import RankingWeights
from projections.warnings import WarningRules
from storage.dbauth import (
    TOPIC_KEY,
    IamToken,
    PasswordSource,
    SecretPassword,
    password_topic,
)
from storage.eventstore import store_env

PREFIX = "SITELEDGER_"
TRUE = {"y", "yes", "true", "1", "on"}


@dataclass(frozen=True)
class Settings:
    """What an operator may set: each field is `SITELEDGER_<FIELD>` in the shell."""

    database_url: str = "sqlite:///var/siteledger.sqlite3"
    pool_size: int = 5
    # How long a request waits for a database connection, per try; the store tries
    # 10 times (0.2 s apart), so a request gives up after ~10 × (this + 0.2) s.
    database_connect_timeout_seconds: int = 1
    cipher_key: str = ""
    create_tables: bool = True
    # PostgreSQL on AWS: the password of each new connection, instead of the URL's,
    # from a Secrets Manager secret (ARN or name) or as an RDS IAM token.
    database_secret_id: str = ""
    database_iam_auth: bool = False
    # Auth: "embedded" issues and checks its own HS256 tokens; "jwks" checks an
    # identity provider's (e.g. Cognito) by its published keys; "gateway" takes the
    # claims of tokens an API Gateway JWT authorizer verified (Lambda only).
    auth_mode: str = "embedded"
    jwt_secret: str = ""  # embedded; empty: a secret kept beside the SQLite store
    jwt_issuer: str = "siteledger"
    jwt_audience: str = "siteledger-api"  # or the app client id for Cognito
    jwt_algorithms: str = "RS256"  # jwks mode, comma-separated
    jwks_url: str = ""
    jwt_username_claim: str = "username"  # Cognito access tokens: "username"
    token_ttl_seconds: int = 8 * 3600
    # `siteledger serve` (granian): Python threads that run requests; how long a
    # client may take to send its request's headers, and how many bytes they may be.
    server_workers: int = 2  # processes; each groups its own requests' commits
    server_threads: int = 8
    server_header_timeout_seconds: int = 10
    # How long an answer waits for a client that reads none of it, then the
    # connection is dropped (the kernel's TCP user timeout; Linux).
    server_send_timeout_seconds: int = 30
    server_max_header_bytes: int = 65536
    server_stop_seconds: int = 10  # requests in hand at SIGTERM, then killed
    health_timeout_seconds: int = 2  # /health reports a check late past this
    # Limits of the HTTP API.
    max_body_bytes: int = 1_048_576
    # Files (format=csv|xlsx) streamed at once by a worker: each keeps a thread until
    # its client has read it all; one more is refused (503, Retry-After).
    export_streams: int = 2
    max_batch: int = 500
    # Keep the views current in a thread of the API's own process (`make run`; a
    # server without `siteledger views follow` beside it). Reads catch up anyway.
    follow: bool = False
    # Evidence (photos): "local" keeps them in a folder, uploaded to signed URLs on
    # this API; "s3" in S3 or any S3-compatible store, uploaded straight to it
    # (credentials from boto3's usual chain: a role, or AWS_* variables).
    evidence_store: str = "local"
    evidence_folder: str = "var/evidence"
    evidence_secret: str = ""  # signs the local store's URLs; empty: from the JWT key
    evidence_s3_endpoint_url: str = ""  # empty: AWS; else SeaweedFS, MinIO, Ceph …
    evidence_s3_region: str = "us-east-1"
    evidence_s3_path_style: bool = False
    # Each S3 call gives up after attempts × (connect + read timeout) at worst.
    evidence_s3_connect_timeout_seconds: int = 2
    evidence_s3_read_timeout_seconds: int = 8
    evidence_s3_attempts: int = 2
    evidence_bucket: str = ""
    evidence_prefix: str = "evidence/"
    evidence_quarantine_bucket: str = ""  # empty: the evidence bucket
    evidence_quarantine_prefix: str = "quarantine/"
    evidence_max_bytes: int = 25 * 1024 * 1024
    evidence_types: str = (
        "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"
    )
    evidence_url_ttl_seconds: int = 900
    evidence_grace_seconds: int = 86400  # an upload never confirmed is then removed
    # Login throttling (POST /auth/token): past `limit` failed logins within the
    # window, each next attempt of that account (or from that address) waits `wait`
    # seconds after the last failure: 429 with Retry-After.
    login_window_seconds: int = 900
    login_account_limit: int = 10
    login_account_wait: int = 10
    login_address_limit: int = 20
    login_address_wait: int = 60
    # Seals of the log (docs/audit.md): the Ed25519 signing key's PEM file (empty: kept
    # beside a SQLite store), and the public key (base64) an auditor pins; empty: the
    # signing key's own.
    audit_key_file: str = ""
    audit_public_key: str = ""
    # On AWS (serverless.yml): the KMS key that signs instead (ECC_NIST_EDWARDS25519;
    # id, ARN or alias), and the S3 Object Lock each published seal is put under
    # (GOVERNANCE or COMPLIANCE, for so many days; empty: the bucket's default).
    audit_kms_key_id: str = ""
    audit_seal_lock_mode: str = ""
    audit_seal_lock_days: int = 0
    # The project board's red / yellow / blue warning (docs/warnings.md).
    warn_red_overdue_days: int = 7  # a problem more than this many days past due
    warn_red_start_late_days: int = 60  # groundbreaking more than this many days late
    warn_red_pace_percent: int = 50  # of the year's elapsed share, completed
    warn_yellow_pace_percent: int = 80
    warn_blue_due_days: int = 3  # a problem's deadline within this many days
    # The monthly assessment (三色预警, docs/warnings.md): a node this many days late,
    # started this many days without 入库纳统, is red.
    assess_red_node_late_days: int = 60
    assess_red_statistics_days: int = 90
    # How often a project's 包抓领导 and 项目管家 are due on site (docs/warnings.md).
    leader_visits_per_quarter: int = 1
    steward_visits_per_month: int = 1
    # The CLI's messages: "zh" or "en"; unset, from the locale (LC_ALL, LC_MESSAGES,
    # LANG), as other command-line tools choose theirs.
    language: str = ""
    # The sweep's 提级: a problem this many working days past its deadline goes up
    # to `escalate_to` (0: the sweep escalates nothing).
    escalate_after_working_days: int = 0
    escalate_to: str = "县营商办"
    # The departments' ranking (考核): how much each part weighs (docs/warnings.md).
    rank_weight_on_time: int = 40
    rank_weight_overdue: int = 20
    rank_weight_first_response: int = 15
    rank_weight_satisfaction: int = 15
    rank_weight_escalations: int = 10
    # 回访: what a callback that finds the enterprise unsatisfied, or cannot reach
    # it, does to the problem by the county's rule: "flag" or "reopen".
    callback_unsatisfied: str = "flag"
    callback_unreachable: str = "flag"
    # The kinds of meeting held and their rhythm (docs/warnings.md, 调度会):
    # `code:every:name,…`, every one of week, half_month, month, quarter or none;
    # empty: seed 002's 「一周一调度、半月一汇报、一月一督查、一季一通报」 and two held
    # when needed (专题会, 现场办公会).
    meeting_kinds: str = ""

    def __post_init__(self) -> None:
        self.ranking_weights()  # weights that weigh nothing fail at start
        self.callback_rules()  # so does a rule that is neither flag nor reopen
        self.meeting_rhythm()  # and kinds of meeting that cannot be read

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            raw = environ.get(PREFIX + field.name.upper())
            if raw is None:
                continue
            if field.type in (bool, "bool"):
                values[field.name] = raw.strip().lower() in TRUE
            elif field.type in (int, "int"):
                values[field.name] = int(raw)
            else:
                values[field.name] = raw
        values.setdefault("language", locale_language(environ))
        return cls(**values)  # type: ignore[arg-type]

    def store_env(self) -> dict[str, str]:
        """The event store's complete library settings (views open beside it)."""
        env = store_env(
            self.database_url,
            pool_size=self.pool_size,
            cipher_key=self.cipher_key or None,
            create_tables=self.create_tables,
            connect_timeout=self.database_connect_timeout_seconds,
        )
        source = self.password_source(env)
        if source is not None:
            env[TOPIC_KEY] = password_topic(source)
            del env["POSTGRES_PASSWORD"]
        return env

    def password_source(self, env: Mapping[str, str]) -> PasswordSource | None:
        if self.database_secret_id and self.database_iam_auth:
            raise ValueError("give a database secret or IAM auth, not both")
        if env.get("PERSISTENCE_MODULE") != "eventsourcing.postgres":
            return None
        if self.database_secret_id:
            return SecretPassword(self.database_secret_id)
        if self.database_iam_auth:
            host, port = env["POSTGRES_HOST"], int(env["POSTGRES_PORT"])
            return IamToken(host, port, env["POSTGRES_USER"])
        return None

    def assessment_rules(self) -> AssessmentRules:
        return AssessmentRules(
            self.assess_red_node_late_days, self.assess_red_statistics_days
        )

    def cadence(self) -> Cadence:
        return Cadence(self.leader_visits_per_quarter, self.steward_visits_per_month)

    def warning_rules(self) -> WarningRules:
        return WarningRules(
            red_overdue_days=self.warn_red_overdue_days,
            red_start_late_days=self.warn_red_start_late_days,
            red_pace=Decimal(self.warn_red_pace_percent) / 100,
            yellow_pace=Decimal(self.warn_yellow_pace_percent) / 100,
            blue_due_days=self.warn_blue_due_days,
        )

    def ranking_weights(self) -> RankingWeights:
        return RankingWeights(
            on_time=self.rank_weight_on_time,
            overdue=self.rank_weight_overdue,
            first_response=self.rank_weight_first_response,
            satisfaction=self.rank_weight_satisfaction,
            escalations=self.rank_weight_escalations,
        )

    def callback_rules(self) -> CallbackRules:
        try:
            return CallbackRules(
                unsatisfied=CallbackRule(self.callback_unsatisfied),
                unreachable=CallbackRule(self.callback_unreachable),
            )
        except ValueError:
            raise ValueError("a callback rule is flag or reopen") from None

    def meeting_rhythm(self) -> MeetingKinds:
        return MeetingKinds.parse(self.meeting_kinds)

    def open_ledger(self) -> SiteLedger:
        return SiteLedger(
            env=self.store_env(),
            callback_rules=self.callback_rules(),
            meeting_kinds=self.meeting_rhythm(),
        )


def locale_language(environ: Mapping[str, str]) -> str:
    """Chinese when the POSIX locale in force is Chinese, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "zh" if environ[name].lower().startswith("zh") else "en"
    return "en"
