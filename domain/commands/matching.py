"""Matching a problem's department, recorded as a name before departments were
registered, to the registered department of that name or alias."""

from dataclasses import dataclass

from eventsourcing.domain import Aggregate

from domain.commands.base import Unit
from domain.commands.department import maybe_named
from domain.commands.issue import IssueChange
from domain.errors import RuleBroken
from domain.model.issue import Issue
from domain.values import Meta


@dataclass(frozen=True, kw_only=True)
class MatchIssueDepartment(IssueChange, wire="MatchIssueDepartment"):
    """A problem's department recorded as a name before departments were
    registered: matched to the registered department of that name or alias
    (`siteledger departments map`)."""

    def handle(self, unit: Unit, meta: Meta) -> Aggregate:
        issue = unit.get(Issue, self.issue_id, to_change=True)
        if issue.department is None:
            raise RuleBroken("the problem has no department yet")
        found = maybe_named(unit, issue.jurisdiction, issue.department)
        if found is None:
            raise RuleBroken(
                f"no department named {issue.department} is registered"
                f" for {issue.jurisdiction}"
            )
        issue.match_department(meta, found.id)
        return issue
