"""Meetings (调度会): held, their minutes, the tasks (任务交办单) their decisions issue,
each a problem of the closed loop; the task list and the rhythm of meetings held."""

from functools import partial
from typing import Any
from uuid import UUID

from flask.views import MethodView

from api import meetings
from api.http.ledger_http import DOC, as_of, caption, file, page, scope, wants_file
from api.http.ledger_http import page_or_file as paged
from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.ledgers import ReadArgs
from api.http.schemas.meetings import (
    MeetingResponse,
    MeetingTasks,
    Rhythm,
    RhythmArgs,
    TaskArgs,
    TaskPage,
)
from api.http.services import current_views, services
from api.meeting_tables import RHYTHM, TASKS
from api.readings import every
from domain.commands import meeting as c
from domain.model.meeting import Meeting
from projections.meetings import TaskFilters

blp = Blueprint("meetings", __name__, url_prefix="/meetings", description=__doc__)
KIND = Kind(Meeting, MeetingResponse, "meeting_id")


@blp.route("/tasks")
class Tasks(MethodView):
    @blp.arguments(TaskArgs, location="query")
    @blp.response(200, TaskPage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Tasks (任务交办单) of meetings in your jurisdiction, in the order issued,
        each as it stood as of `as_of`; `format=csv|xlsx` exports every one."""
        asked, when, where, cut = wants_file(args), as_of(args), scope(args), page(args)
        filters = TaskFilters(
            when,
            kind=args["kind"],
            held_from=args["held_from"] and args["held_from"].isoformat(),
            held_to=args["held_to"] and args["held_to"].isoformat(),
        )
        kinds = services().settings.meeting_rhythm()
        read = partial(meetings.tasks, current_views(), where, filters, kinds=kinds)
        return paged(read, cut, when, asked, name="tasks", columns=TASKS, where=where)


@blp.route("/rhythm")
class MeetingRhythm(MethodView):
    @blp.arguments(RhythmArgs, location="query")
    @blp.response(200, Rhythm)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """The rhythm (「一周一调度、半月一汇报、一月一督查、一季一通报」): per
        jurisdiction and kind, the last meeting held by `as_of`, the day the next is
        due by, and whether that day has passed."""
        asked, when, where = wants_file(args), as_of(args), scope(args)
        kinds = services().settings.meeting_rhythm()
        rows = meetings.rhythm(current_views(), where, when, kinds)
        if asked:
            return file("meeting-rhythm", asked, RHYTHM, rows, caption(where, when))
        return {"as_of": when.moment, "items": rows}


register(blp, KIND, c.HoldMeeting)
action(blp, KIND, "minutes", c.RecordMinutes)
action(blp, KIND, "tasks", c.IssueTask)


@blp.route("/<uuid:aggregate_id>/tasks", methods=["GET"], endpoint="meeting_tasks")
@blp.arguments(ReadArgs, location="query")
@blp.response(200, MeetingTasks)
@blp.doc(**DOC | {"responses": DOC["responses"] | {404: "NOT_FOUND"}})
def meeting_tasks(args: dict[str, Any], aggregate_id: UUID) -> Any:
    """A meeting's tasks (its 任务交办单) with each one's state as of `as_of`, and
    their figures; `format=csv|xlsx` gives it as a file."""
    asked, when, where = wants_file(args), as_of(args), scope(args)
    services().ledger.load(Meeting, aggregate_id, scope=where)  # 404 if not yours
    filters = TaskFilters(when, meeting_id=str(aggregate_id))
    kinds = services().settings.meeting_rhythm()
    read = partial(meetings.tasks, current_views(), where, filters, kinds=kinds)
    rows = every(read)
    if asked:
        return file(f"tasks-{aggregate_id}", asked, TASKS, rows, caption(where, when))
    found = {"figures": meetings.figures(rows), "items": rows}
    return found | {"as_of": when.moment, "meeting_id": aggregate_id}
