"""Placeholder: being written."""

from typing import Any

from eventsourcing.domain import Aggregate


class Enterprise(Aggregate):
    jurisdiction: str

    def require_in_progress(self) -> None: ...

    def record_problem(self, meta: Any, issue_id: Any) -> None: ...


STORED_TYPES: tuple[type[Any], ...] = ()
