"""Every type an event of the domain stores besides plain values: each needs its
one transcoding (`domain.transcodings`), registered by the application."""

from types import ModuleType
from typing import Any

from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.utils import get_topic

from domain.model import (
    approval,
    checklist,
    claim,
    department,
    enterprise,
    evidence,
    intake,
    issue,
    meeting,
    officer,
    package_template,
    permit,
    place,
    project,
    project_nodes,
    project_pool,
    published_list,
    ranking,
    receipt,
    visit,
)
from domain.values import GeoFix, Meta


def stored_types() -> tuple[type[Any], ...]:
    return (
        Meta,
        GeoFix,
        *checklist.STORED_TYPES,
        *enterprise.STORED_TYPES,
        *evidence.STORED_TYPES,
        *issue.STORED_TYPES,
        *intake.STORED_TYPES,
        *officer.STORED_TYPES,
        *project.STORED_TYPES,
        *place.STORED_TYPES,
        *visit.STORED_TYPES,
        *approval.STORED_TYPES,
        *package_template.STORED_TYPES,
        *permit.STORED_TYPES,
    )


def stored_topics() -> set[str]:
    """The names the store keeps of every aggregate and event class (their topics):
    a class renamed or moved must leave its old topic resolving to it (the library's
    `register_topic`), or the events stored under it no longer load."""
    modules: list[ModuleType] = [approval, checklist, claim, department, enterprise]
    modules += [evidence]
    modules += [issue, officer, package_template, permit, project, ranking, receipt]
    modules += [place, project_nodes, project_pool, published_list, meeting]
    return {topic for module in [*modules, visit] for topic in topics_in(module)}


def topics_in(module: ModuleType) -> set[str]:
    found: set[str] = set()
    for cls in vars(module).values():
        mine = isinstance(cls, type) and cls.__module__ == module.__name__
        if mine and issubclass(cls, Aggregate):
            found.add(get_topic(cls))
            found |= {
                get_topic(event)
                for event in vars(cls).values()
                if isinstance(event, type) and issubclass(event, DomainEvent)
            }
    return found
