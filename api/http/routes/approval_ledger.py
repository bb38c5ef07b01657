"""The approvals ledger (审批台账): permits with working days taken against their
statutory and committed limits, the time cut, what is past its limit, 容缺 documents
overdue; totals per permit, project, department, month, stage or agent; agents'
workload."""

from datetime import date
from functools import partial
from typing import Any

from flask.views import MethodView
from flask_smorest import abort

from api import approval_readings as readings
from api.approval_tables import EVALUATION, FIGURES, GROUPS, PERMITS, WORKLOAD
from api.http.ledger_http import DOC, file, ids, page, page_or_file, scope, wants_file
from api.http.parsing import Blueprint
from api.http.schemas.approvals import (
    AgentWorkload,
    AgentWorkloadArgs,
    ApprovalLedgerArgs,
    ApprovalSummary,
    ApprovalSummaryArgs,
    Evaluation,
    PermitPage,
)
from api.http.services import current_views
from domain.workdays import CalendarUnknown
from projections.approval_sql import ApprovalFilters
from projections.dates import AsOf

blp = Blueprint(
    "approval_ledger", __name__, url_prefix="/ledgers/approvals", description=__doc__
)


def day(args: dict[str, Any]) -> date:
    """The local day the figures are as of (today when not given)."""
    return AsOf.of(args.pop("as_of")).today


def filters(args: dict[str, Any]) -> ApprovalFilters:
    return ApprovalFilters(day(args), **ids(args))


def calendar_known(read: Any) -> Any:
    """A read that counts working days of a year the calendar does not know
    answers 422 saying so."""
    try:
        return read()
    except CalendarUnknown as unknown:
        abort(422, message=str(unknown))


@blp.route("")
class PermitLedger(MethodView):
    @blp.arguments(ApprovalLedgerArgs, location="query")
    @blp.response(200, PermitPage)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Permits of the packages in your jurisdiction with their figures as of the
        day; `format=csv|xlsx` exports every row that matches."""
        asked, where, cut = wants_file(args), scope(args), page(args)
        found = filters(args)
        read = partial(readings.permits, current_views(), where, found)
        when = AsOf.end_of(found.as_of)
        answer = calendar_known(
            lambda: page_or_file(
                read, cut, when, asked, name="approvals", columns=PERMITS, where=where
            )
        )
        return answer if asked else answer | {"as_of": found.as_of}


@blp.route("/summary")
class ApprovalSummaryView(MethodView):
    @blp.arguments(ApprovalSummaryArgs, location="query")
    @blp.response(200, ApprovalSummary)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Permits granted, on time and late, open past their limit, 容缺 overdue,
        working days and the time cut, per permit, project, department, month,
        stage or agent."""
        asked, where = wants_file(args), scope(args)
        group_by = args.pop("group_by")
        found = filters(args)
        rows = calendar_known(
            lambda: readings.summary(current_views(), where, group_by, found)
        )
        if asked:
            return file(f"approvals-by-{group_by}", asked, (GROUPS, *FIGURES), rows)
        return {"as_of": found.as_of, "group_by": group_by, "groups": rows}


@blp.route("/agents")
class AgentWorkloadView(MethodView):
    @blp.arguments(AgentWorkloadArgs, location="query")
    @blp.response(200, AgentWorkload)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """Each agent's matters opened, closed and open, and the permits they are on."""
        asked, where = wants_file(args), scope(args)
        found = filters(args)
        rows = calendar_known(lambda: readings.workload(current_views(), where, found))
        if asked:
            return file("approval-agents", asked, WORKLOAD, rows)
        return {"as_of": found.as_of, "agents": rows}


@blp.route("/evaluation")
class EvaluationView(MethodView):
    @blp.arguments(AgentWorkloadArgs, location="query")
    @blp.response(200, Evaluation)
    @blp.doc(**DOC)
    def get(self, args: dict[str, Any]) -> Any:
        """考核评价: each agent's and steward's matters and the permits they serve,
        granted on time, late, past their limit, and the mean time cut."""
        asked, where = wants_file(args), scope(args)
        found = filters(args)
        rows = calendar_known(
            lambda: readings.evaluation(current_views(), where, found)
        )
        if asked:
            return file("approval-evaluation", asked, EVALUATION, rows)
        return {"as_of": found.as_of, "people": rows}
