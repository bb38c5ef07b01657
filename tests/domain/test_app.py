"""The service layer on every real store: the loop, time travel, idempotency, races."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from threading import Barrier
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import OperationalError
from eventsourcing.sqlite import SQLiteApplicationRecorder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.access import Forbidden, Sender
from domain.app import Outcome, SiteLedger, Submission
from domain.commands.base import WIRE, Command
from domain.commands.checklist import RetireChecklistTemplate
from domain.commands.enterprise import MoveEnterprise, RegisterEnterprise
from domain.commands.issue import (
    AcceptIssue,
    AssignIssue,
    CloseOutIssue,
    EscalateIssue,
    ProposeResolution,
    RaiseIssue,
    RateIssue,
    ReportIssueProgress,
    SendBackIssue,
    TransferIssue,
)
from domain.commands.officer import AssignJurisdiction
from domain.commands.project import AssessProject, MoveProject
from domain.commands.ranking import PublishLists, PublishRanking
from domain.commands.visit import PlanVisit
from domain.errors import (
    CommandConflict,
    ConcurrentWrite,
    DomainError,
    InvalidValue,
    NotFound,
    RuleBroken,
    StaleVersion,
)
from domain.model.checklist import ChecklistTemplate
from domain.model.enterprise import Scale
from domain.model.issue import Category, Issue, Satisfaction, Severity, Source, Status
from domain.model.officer import Role
from domain.model.project import Project
from domain.model.receipt import CommandReceipt
from domain.model.visit import Kind, Visit
from domain.values import Meta
from storage.eventstore import MEMORY, store_env
from tests.factories import OFFICE, County, a_county, a_visit_in_progress, meta

YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)


def raise_issue(
    county: County, visit_id: UUID | None = None, issue_id: UUID | None = None
) -> RaiseIssue:
    return RaiseIssue(
        issue_id=issue_id or uuid4(),
        source=Source.VISIT if visit_id else Source.HOTLINE,
        category=Category.LAND,
        severity=Severity.HIGH,
        description="项目用地指标未落实",
        project_id=county.project_id,
        visit_id=visit_id,
    )


def the_whole_loop(issue_id: UUID) -> list[Command]:
    due = date.today() + timedelta(days=10)
    return [
        AssignIssue(issue_id=issue_id, department="县自然资源局", deadline=due),
        TransferIssue(
            issue_id=issue_id, department="县发改局", deadline=due, reason="需调整规划"
        ),
        EscalateIssue(issue_id=issue_id, to="县政府", reason="跨部门协调"),
        ProposeResolution(issue_id=issue_id, summary="指标已调剂"),
        SendBackIssue(issue_id=issue_id, reason="批复文件未到"),
        ProposeResolution(issue_id=issue_id, summary="批复已下达"),
        CloseOutIssue(issue_id=issue_id, note="核实销号"),
        RateIssue(
            issue_id=issue_id, satisfaction=Satisfaction.SATISFIED, comment="满意"
        ),
    ]


CALLBACK_CENTRE = UUID("00000000-0000-4000-8000-000000012345")


def sent(command: Command) -> Meta:
    """Who sends a step of the loop: the callback (回访) is not the closer's."""
    if isinstance(command, RateIssue):
        return meta(actor_id=CALLBACK_CENTRE)
    return meta()


def test_the_whole_loop_replays_to_exactly_the_live_aggregate(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    visit_id = a_visit_in_progress(ledger, county)
    issue_id = ledger.execute(raise_issue(county, visit_id), meta()).aggregate_id
    for command in the_whole_loop(issue_id):
        ledger.execute(command, sent(command))
    replayed = project_aggregate(None, ledger.events.get(issue_id))
    assert replayed is not None
    assert vars(replayed) == vars(ledger.load(Issue, issue_id))
    issue = ledger.load(Issue, issue_id)
    assert (issue.status, issue.send_backs, issue.escalation_level) == (
        Status.CLOSED,
        1,
        1,
    )
    assert issue.satisfaction is Satisfaction.SATISFIED
    assert ledger.load(Visit, visit_id).issue_ids == [issue_id]


def test_the_state_as_of_any_earlier_instant_is_the_state_then(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    seen: list[tuple[datetime, Status, int]] = []
    for command in the_whole_loop(issue_id):
        ledger.execute(command, sent(command))
        issue = ledger.load(Issue, issue_id)
        seen.append((issue.modified_on, issue.status, issue.version))
    for instant, status, version in seen:
        then = ledger.load_as_of(Issue, issue_id, instant)
        assert (then.status, then.version) == (status, version)
        assert vars(then) == vars(ledger.load(Issue, issue_id, version=version))
    before = ledger.load(Issue, issue_id, version=1).created_on - timedelta(
        microseconds=1
    )
    with pytest.raises(NotFound):
        ledger.load_as_of(Issue, issue_id, before)


def test_a_receipt_stored_before_also_existed_still_answers_a_replay(
    app: SiteLedger,
) -> None:
    """Stored events are not re-initialised: a field added later is simply absent."""
    command, first = raise_issue(a_county(app, departments=True)), meta()
    receipt = CommandReceipt(
        id=CommandReceipt.id_for(first.command_id),
        meta=first,
        command="RaiseIssue",
        fingerprint=app.fingerprint(command, first),
        aggregate_id=command.issue_id,
        version=1,
        also={},
    )
    (recorded,) = receipt.collect_events()
    stored = app.mapper.to_stored_event(recorded)
    state = app.mapper.transcoder.decode(stored.state)
    del state["also"]
    app.recorder.insert_events(
        [replace(stored, state=app.mapper.transcoder.encode(state))]
    )
    again = app.execute(command, first)
    assert again == Outcome(first.command_id, command.issue_id, 1, duplicate=True)


def test_a_replayed_command_answers_its_first_result_and_appends_nothing(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    command, first_meta = raise_issue(county), meta()
    first = ledger.execute(command, first_meta)
    count = ledger.notification_count()
    again = ledger.execute(command, first_meta)
    assert again == Outcome(
        first.command_id, first.aggregate_id, first.version, duplicate=True
    )
    assert ledger.notification_count() == count


def test_a_command_id_reused_for_other_content_is_a_conflict(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    reused = meta()
    ledger.execute(raise_issue(county), reused)
    count = ledger.notification_count()
    with pytest.raises(CommandConflict):
        ledger.execute(raise_issue(county), reused)
    assert ledger.notification_count() == count


def test_a_stale_expected_version_is_refused_not_overwritten(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    assign = the_whole_loop(issue_id)[0]
    ledger.execute(assign, meta(), expected_version=1)
    with pytest.raises(StaleVersion) as refused:
        ledger.execute(
            EscalateIssue(issue_id=issue_id, to="县政府", reason="催办"),
            meta(),
            expected_version=1,
        )
    assert refused.value.current == 2
    assert ledger.load(Issue, issue_id).escalation_level == 0


def test_a_batch_applies_the_good_and_refuses_the_bad_on_its_own(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    issue_id, repeated = uuid4(), meta()
    raise_it = raise_issue(county, issue_id=issue_id)
    results = ledger.execute_batch(
        [
            Submission(raise_it, repeated),
            Submission(CloseOutIssue(issue_id=issue_id, note="未处理就销号"), meta()),
            Submission(the_whole_loop(issue_id)[0], meta(), expected_version=1),
            Submission(raise_it, repeated),
            Submission(raise_issue(county), repeated),
        ]
    )
    applied, illegal, assigned, duplicate, conflict = results
    assert isinstance(applied, Outcome)
    assert not applied.duplicate
    assert isinstance(illegal, RuleBroken)
    assert isinstance(assigned, Outcome)
    assert assigned.version == 2
    assert duplicate == Outcome(applied.command_id, issue_id, 1, duplicate=True)
    assert isinstance(conflict, CommandConflict)
    assert [type(e).__qualname__ for e in ledger.history(issue_id)] == [
        "Issue.Raised",
        "Issue.Assigned",
    ]


def test_a_batch_of_only_refusals_stores_nothing(ledger: SiteLedger) -> None:
    county = a_county(ledger, departments=True)
    count = ledger.notification_count()
    results = ledger.execute_batch(
        [
            Submission(CloseOutIssue(issue_id=uuid4(), note="无此问题"), meta()),
            Submission(raise_issue(county), replace(meta(), device_time=YEAR_ONE)),
        ]
    )
    assert all(isinstance(r, DomainError) for r in results)
    assert ledger.notification_count() == count


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_racing_writers_without_a_base_version_all_land(ledger: SiteLedger) -> None:
    county = a_county(ledger, departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    ledger.execute(the_whole_loop(issue_id)[0], meta())

    def write(n: int) -> Outcome:
        command = ReportIssueProgress(issue_id=issue_id, note=f"第{n}次进展")
        return ledger.execute(command, meta())

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(write, range(80)))
    notes = ledger.load(Issue, issue_id).progress
    assert sorted(notes) == sorted(f"第{n}次进展" for n in range(80))
    assert sorted(o.version for o in results) == list(range(3, 83))


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_racing_writers_on_one_base_version_land_once_and_the_rest_conflict(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    base = ledger.execute(the_whole_loop(issue_id)[0], meta()).version
    barrier = Barrier(8)

    def write(n: int) -> Outcome | DomainError:
        command = ReportIssueProgress(issue_id=issue_id, note=f"第{n}次进展")
        barrier.wait(timeout=10)
        try:
            return ledger.execute(command, meta(), expected_version=base)
        except StaleVersion as stale:
            return stale

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(write, range(8)))
    landed = [r for r in results if isinstance(r, Outcome)]
    stale = [r for r in results if isinstance(r, StaleVersion)]
    assert [r.version for r in landed] == [base + 1]
    assert len(stale) == 7
    assert {(s.expected, s.current) for s in stale} == {(base, base + 1)}
    assert len(ledger.load(Issue, issue_id).progress) == 1


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_a_handlers_command_racing_a_transfer_never_applies_for_the_old_department(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    handler = Sender(uuid4(), frozenset({Role.HANDLER}), "610502", "县自然资源局")
    outcomes: list[type] = []
    for _ in range(12):
        issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
        assign, transfer = the_whole_loop(issue_id)[:2]
        ledger.execute(assign, meta())
        barrier = Barrier(2)

        def accept(issue_id: UUID = issue_id, barrier: Barrier = barrier) -> object:
            barrier.wait(timeout=10)
            try:
                command = AcceptIssue(issue_id=issue_id)
                return ledger.execute(command, meta(handler.officer_id), sender=handler)
            except Forbidden as refused:
                return refused

        def move(transfer: Command = transfer, barrier: Barrier = barrier) -> object:
            barrier.wait(timeout=10)
            return ledger.execute(transfer, meta())

        with ThreadPoolExecutor(2) as pool:
            accepted, _ = pool.submit(accept), pool.submit(move)
            result = accepted.result()
        kinds = [type(e).__name__ for e in ledger.history(issue_id)]
        assert "Transferred" in kinds
        if isinstance(result, Forbidden):
            assert "Accepted" not in kinds
        else:
            assert kinds.index("Accepted") < kinds.index("Transferred")
        outcomes.append(type(result))
    assert len(outcomes) == 12


def test_the_shell_environment_does_not_leak_into_the_store(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.postgres")
    monkeypatch.setenv("CIPHER_KEY", "not-a-key")
    from storage.eventstore import open_ledger

    with open_ledger(sqlite_url) as app:
        assert isinstance(app.recorder, SQLiteApplicationRecorder)
        assert app.factory.cipher() is None


@pytest.mark.parametrize("store_url", ["sqlite", "postgres"], indirect=True)
def test_one_command_sent_by_racing_retries_is_applied_once(ledger: SiteLedger) -> None:
    county = a_county(ledger, departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    command, stamp = (
        EscalateIssue(issue_id=issue_id, to="县政府", reason="催办"),
        meta(),
    )

    def send(_: int) -> Outcome | DomainError:
        try:
            return ledger.execute(command, stamp)
        except ConcurrentWrite as lost:
            return lost

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, range(16)))
    outcomes = [r for r in results if isinstance(r, Outcome)]
    assert [o.duplicate for o in outcomes].count(False) == 1
    assert {(o.aggregate_id, o.version) for o in outcomes} == {(issue_id, 2)}
    assert ledger.load(Issue, issue_id).escalation_level == 1


def test_outside_the_senders_jurisdiction_everything_is_not_found(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, jurisdiction="610502", departments=True)
    issue_id = ledger.execute(raise_issue(county), meta()).aggregate_id
    elsewhere, count = "610503", ledger.notification_count()
    escalate = EscalateIssue(issue_id=issue_id, to="县政府", reason="催办")
    with pytest.raises(NotFound) as unknown:
        ledger.execute(replace(escalate, issue_id=uuid4()), meta(), scope=elsewhere)
    for attempt in (
        lambda: ledger.execute(escalate, meta(), scope=elsewhere),
        lambda: ledger.execute(escalate, meta(), expected_version=1, scope=elsewhere),
        lambda: ledger.execute(raise_issue(county), meta(), scope=elsewhere),
        lambda: ledger.load(Issue, issue_id, scope=elsewhere),
        lambda: ledger.load(Issue, issue_id, version=1, scope=elsewhere),
        lambda: ledger.history(issue_id, Issue, scope=elsewhere),
    ):
        with pytest.raises(NotFound) as hidden:
            attempt()
        assert type(hidden.value) is type(unknown.value)
    assert ledger.notification_count() == count
    assert ledger.load(Issue, issue_id, scope="6105").jurisdiction == "610502"


def test_nothing_is_created_outside_the_senders_jurisdiction(
    ledger: SiteLedger,
) -> None:
    register = RegisterEnterprise(
        enterprise_id=uuid4(),
        credit_code="91350100M000100Y43",
        name="宝鸡某某公司",
        sector="制造",
        scale=Scale.BELOW_DESIGNATED,
        jurisdiction="610303",
    )
    with pytest.raises(InvalidValue, match="outside your jurisdiction"):
        ledger.execute(register, meta(), scope="610502")
    assert ledger.notification_count() == 0


def test_an_outcome_carries_its_aggregate_only_alone_in_its_batch(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, departments=True)
    alone = ledger.execute(raise_issue(county), meta())
    assert alone.aggregate is not None
    assert (alone.aggregate.id, alone.aggregate.version) == (alone.aggregate_id, 1)
    batch = [Submission(raise_issue(county), meta()) for _ in range(2)]
    results = ledger.execute_batch(batch)
    assert [getattr(r, "aggregate", "refused") for r in results] == [None, None]


def test_nothing_is_moved_out_of_the_senders_jurisdiction(ledger: SiteLedger) -> None:
    county = a_county(ledger, jurisdiction="610502", departments=True)
    moves: list[Command] = [
        MoveProject(project_id=county.project_id, jurisdiction="610503", reason="划转"),
        MoveEnterprise(
            enterprise_id=county.enterprise_id, jurisdiction="610503", reason="迁址"
        ),
        AssignJurisdiction(officer_id=county.officer_id, jurisdiction="610503"),
    ]
    count = ledger.notification_count()
    refused = ledger.execute_batch([Submission(m, meta()) for m in moves], "610502")
    assert [str(r) for r in refused] == [
        "jurisdiction: is outside your jurisdiction"
    ] * 3
    assert ledger.notification_count() == count
    moved = ledger.execute_batch([Submission(m, meta()) for m in moves], "6105")
    assert [type(r) for r in moved] == [Outcome] * 3
    assert ledger.load(Project, county.project_id).jurisdiction == "610503"


def test_checklists_and_officers_set_up_higher_are_used_but_not_changed_below(
    ledger: SiteLedger,
) -> None:
    county = a_county(ledger, jurisdiction="610502", departments=True)
    township = "610502001"
    ledger.execute(
        MoveProject(
            project_id=county.project_id, jurisdiction=township, reason="划归乡镇"
        ),
        meta(),
    )
    plan = PlanVisit(
        visit_id=uuid4(),
        officer_ids=(county.officer_id,),
        kind=Kind.INSPECTION,
        planned_for=date.today(),
        project_id=county.project_id,
        template_id=county.template_id,
    )
    assert ledger.execute(plan, meta(), scope=township).version == 1
    assert ledger.load(ChecklistTemplate, county.template_id, scope=township).name
    with pytest.raises(NotFound):
        ledger.execute(
            RetireChecklistTemplate(template_id=county.template_id, reason="过时"),
            meta(),
            scope=township,
        )


COMMANDS = sorted(set(WIRE.values()), key=lambda c: c.__name__)


# A ranking's rows are plain JSON values the server computed (never NaN).
RANKING_ROWS = st.lists(
    st.dictionaries(
        st.text(max_size=8), st.none() | st.integers() | st.text(max_size=8), max_size=4
    ),
    max_size=3,
).map(tuple)


# An assessment's reasons and rules, published lists' rows and figures: the same.
PLAIN = st.dictionaries(
    st.text(max_size=8), st.none() | st.integers() | st.text(max_size=8), max_size=3
)
BUILT: dict[type[Command], st.SearchStrategy[Command]] = {
    PublishRanking: st.builds(PublishRanking, rows=RANKING_ROWS),
    AssessProject: st.builds(
        AssessProject, reasons=st.lists(PLAIN, max_size=3).map(tuple), rules=PLAIN
    ),
    PublishLists: st.builds(
        PublishLists,
        lists=st.dictionaries(st.sampled_from(["red", "black"]), st.lists(PLAIN)),
        figures=PLAIN,
    ),
}


def commands(kind: type[Command]) -> st.SearchStrategy[Command]:
    return BUILT[kind] if kind in BUILT else st.from_type(kind)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS).flatmap(commands))
def test_a_commands_fingerprinted_content_is_what_asdict_made_of_it(
    command: Command,
) -> None:
    # Receipts keep a fingerprint of this content: it may not change as code does.
    # A field added later is left out while None, as commands stored before it were.
    later = getattr(command, "added_later", ())
    made = {k: v for k, v in asdict(command).items() if v is not None or k not in later}
    assert command.content() == {"command": command.wire, **made}


def test_an_assignment_sent_before_working_days_existed_replays_its_receipt() -> None:
    due = date(2026, 12, 31)
    before = {"command": "AssignIssue", "issue_id": OFFICE, "department": "县发改局"}
    sent = AssignIssue(issue_id=OFFICE, department="县发改局", deadline=due)
    assert sent.content() == before | {"deadline": due}


class Snappy(SiteLedger):
    snapshotting_intervals = {Project: 2}  # noqa: RUF012


def test_a_snapshot_that_cannot_be_written_fails_no_committed_write(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with Snappy(env=store_env(MEMORY)) as app:
        county = a_county(app, departments=True)
        assert app.snapshots is not None

        def full_disk(*_: object, **__: object) -> None:
            raise OperationalError("database or disk is full")

        monkeypatch.setattr(app.snapshots, "put", full_disk)
        command = MoveProject(
            project_id=county.project_id, jurisdiction="610502001", reason="调整"
        )
        outcome = app.execute(command, meta())
        assert app.load(Project, county.project_id).version == outcome.version
        assert "a snapshot was not written" in caplog.text
