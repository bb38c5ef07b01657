"""Meetings (调度会) as clients read them: the meeting, its tasks, the rhythm."""

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.ledger_rows import day, instant
from api.http.schemas.ledgers import JURISDICTION, PageArgs, ReadArgs
from api.http.schemas.resources import Resource
from api.http.schemas.rules import DATE, in_years
from domain.model.meeting_kinds import CODE, Every

YEARS = {"pattern": DATE}  # the domain's years, 2000 to 2100
KIND = validate.Regexp(f"^{CODE.pattern}$", error="a kind's code: a-z 0-9 _")


class MeetingResponse(Resource):
    kind = fields.String(metadata={"description": "A kind of the county's settings"})
    held_on = fields.Date()
    title = fields.String()
    chair_id = fields.UUID()
    attendee_ids = fields.List(fields.UUID())
    department_ids = fields.List(fields.UUID())
    project_ids = fields.List(fields.UUID())
    minutes = fields.String(metadata={"description": "会议纪要 (empty: none yet)"})
    task_ids = fields.List(
        fields.UUID(),
        metadata={"description": "The problems its tasks are, in the order issued"},
    )


class TaskArgs(PageArgs):
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)
    kind = fields.String(load_default=None, validate=KIND)
    held_from = fields.Date(load_default=None, validate=in_years, metadata=YEARS)
    held_to = fields.Date(load_default=None, validate=in_years, metadata=YEARS)


class RhythmArgs(ReadArgs):
    jurisdiction = fields.String(load_default=None, validate=JURISDICTION)


class TaskRow(Schema):
    """A task (任务交办单) as it stood as of the read: the meeting that issued it,
    and the problem it is, from the problem ledger."""

    meeting_id = fields.UUID()
    meeting_title = fields.String()
    meeting_kind = fields.String()
    meeting_kind_name = fields.String()
    held_on = day()
    chair_name = fields.String(allow_none=True)
    number = fields.Integer(metadata={"description": "序号 within its meeting"})
    issue_id = fields.UUID(metadata={"description": "The problem: /issues/{issue_id}"})
    jurisdiction = fields.String()
    project_id = fields.UUID(allow_none=True)
    project_name = fields.String(allow_none=True)
    description = fields.String()
    category = fields.String()
    department = fields.String(allow_none=True)
    department_id = fields.UUID(allow_none=True)
    status = fields.String()
    assigned_at = instant()
    due_on = day()
    open = fields.Boolean()
    overdue = fields.Boolean()
    days_overdue = fields.Integer()
    escalation_level = fields.Integer()
    closed_on = day()
    satisfaction = fields.String(allow_none=True)


class TaskFigures(Schema):
    tasks = fields.Integer()
    open = fields.Integer()
    overdue = fields.Integer()
    closed = fields.Integer(metadata={"description": "Closed out (销号)"})
    closed_on_time = fields.Integer()


class TaskPage(Schema):
    as_of = fields.AwareDateTime(required=True)
    items = fields.List(fields.Nested(TaskRow), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class MeetingTasks(Schema):
    as_of = fields.AwareDateTime(required=True)
    meeting_id = fields.UUID(required=True)
    figures = fields.Nested(TaskFigures, required=True)
    items = fields.List(fields.Nested(TaskRow), required=True)


class RhythmRow(Schema):
    jurisdiction = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    every = fields.String(validate=validate.OneOf([e.value for e in Every]))
    last_held = day()
    held_this_year = fields.Integer()
    next_due = day()
    overdue = fields.Boolean(
        metadata={"description": "The period after the last one's ended unmet"}
    )
    days_overdue = fields.Integer()


class Rhythm(Schema):
    as_of = fields.AwareDateTime(required=True)
    items = fields.List(fields.Nested(RhythmRow), required=True)
