"""What was recorded for a project (its problems and visits), found when it moves;
the domain declares the question, the application or a view answers it."""

from collections.abc import Callable, Sequence
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper
from eventsourcing.utils import get_topic

from domain.model.issue import Issue
from domain.model.visit import Visit

FIRSTS = (Issue.Raised, Visit.Planned)  # the events that say which project
PAGE = 1000


class Belongings(Protocol):
    def of_project(self, project_id: UUID) -> Sequence[UUID]:
        """Ids of the problems and visits recorded for the project: a superset
        will do, each is checked against the aggregate before it is moved."""


class LoggedBelongings:
    """The answer from the log itself, reading the first event of every problem
    and visit (filtered by topic in the store): for a store without views; the
    API answers from its catalog view instead (`projections.belongings`)."""

    def __init__(
        self, recorder: Callable[[], ApplicationRecorder], mapper: Mapper[UUID]
    ) -> None:
        self._recorder = recorder
        self._mapper = mapper

    def of_project(self, project_id: UUID) -> list[UUID]:
        topics = [get_topic(kind) for kind in FIRSTS]
        found: list[UUID] = []
        start = 1
        while notes := self._recorder().select_notifications(
            start, PAGE, topics=topics
        ):
            for note in notes:
                first = self._mapper.to_domain_event(note)
                if getattr(first, "project_id", None) == project_id:
                    found.append(first.originator_id)
            start = notes[-1].id + 1
        return found
