"""A problem's resolution, close-out (销号) and callback (回访), which flags or
reopens it by the county's rule, and its withdrawal as a duplicate. The rules `Issue`
takes for closing its loop; its events and their effects stay in
`domain.model.issue`."""

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import RuleBroken
from domain.model.intake import CallbackRule, CallbackRules, Concern
from domain.model.issue_states import IN_HAND, OPEN, Channel, Loop, Satisfaction, Status
from domain.rules import CLOSING_NOTE, COMMENT, REASON, SUMMARY
from domain.values import Meta

if TYPE_CHECKING:
    from domain.model.issue import Issue


class ClosingTheLoop(Loop):
    """A problem's rules from a proposed resolution to its rating."""

    satisfaction: Satisfaction | None
    closed_by: UUID | None
    _resolution_proposed: Callable[..., None]
    _sent_back: Callable[..., None]
    _closed_out: Callable[..., None]
    _rated: Callable[..., None]
    _callback_failed: Callable[..., None]
    _callback_flagged: Callable[..., None]
    _reopened: Callable[..., None]
    _withdrawn: Callable[..., None]

    def propose_resolution(
        self, meta: Meta, summary: str, evidence_ids: list[UUID]
    ) -> None:
        self._require(IN_HAND, "propose a resolution for")
        self._resolution_proposed(
            meta=meta,
            summary=SUMMARY.check("summary", summary),
            evidence_ids=list(evidence_ids),
        )

    def send_back(self, meta: Meta, reason: str) -> None:
        self._require({Status.PROPOSED}, "send back")
        self._sent_back(meta=meta, reason=REASON.check("reason", reason))

    def require_closable(self) -> None:
        self._require({Status.PROPOSED}, "close out")

    def close_out(self, meta: Meta, note: str) -> None:
        self.require_closable()
        self._closed_out(meta=meta, note=CLOSING_NOTE.check("note", note))

    def rate(
        self,
        meta: Meta,
        satisfaction: Satisfaction,
        comment: str,
        channel: Channel | None = None,
        rules: CallbackRules = CallbackRules(),  # noqa: B008 (frozen)
    ) -> None:
        """回访: the enterprise's rating, taken by someone other than the closer;
        an unsatisfied one flags or reopens the problem by the county's rule."""
        self.require_callback(meta)
        if self.satisfaction is not None:
            raise RuleBroken("the problem has been rated already")
        if comment:
            COMMENT.check("comment", comment)
        self._rated(
            meta=meta, satisfaction=satisfaction, comment=comment, channel=channel
        )
        if satisfaction is Satisfaction.UNSATISFIED:
            self._follow_up(meta, Concern.UNSATISFIED, rules)

    def record_unreachable(
        self,
        meta: Meta,
        channel: Channel,
        note: str,
        rules: CallbackRules = CallbackRules(),  # noqa: B008 (frozen)
    ) -> None:
        """The callback could not reach the enterprise: recorded, and the problem
        flagged or reopened by the county's rule."""
        self.require_callback(meta)
        if self.satisfaction is not None:
            raise RuleBroken("the problem has been rated already")
        self._callback_failed(
            meta=meta, channel=channel, note=CLOSING_NOTE.check("note", note)
        )
        self._follow_up(meta, Concern.UNREACHABLE, rules)

    def _follow_up(self, meta: Meta, concern: Concern, rules: CallbackRules) -> None:
        if rules.for_(concern) is CallbackRule.REOPEN:
            self._reopened(meta=meta, concern=concern)
        else:
            self._callback_flagged(meta=meta, concern=concern)

    def require_callback(self, meta: Meta) -> None:
        self._require({Status.CLOSED}, "call back on")
        if meta.actor_id == self.closed_by:
            raise RuleBroken(
                "who closed the problem out does not rate it: the callback (回访)"
                " is another's, the 12345 or polling centre's"
            )

    def withdraw(self, meta: Meta, duplicate_of: "Issue") -> None:
        self._require(OPEN, "withdraw")
        if duplicate_of.id == self.id:
            raise RuleBroken("a problem cannot duplicate itself")
        if duplicate_of.status is Status.WITHDRAWN:
            raise RuleBroken("the original was itself withdrawn")
        self._withdrawn(meta=meta, duplicate_of=duplicate_of.id)
