"""The limits of a command's text fields, declared once: the aggregates check a value
by its rule here, and the API's request schemas (so the OpenAPI document) are built
from the same rules (`api/http/schemas/rules.py`). A field's rule is its command's own
(`OWNED`) or else its name's (`FIELDS`)."""

from dataclasses import dataclass

from domain.values import DEVICE_ID_LENGTH, text


@dataclass(frozen=True)
class Text:
    """Not blank, at most `limit` characters, no control or bidirectional characters
    (tabs and new lines in `multiline` text); `optional`: may be left empty."""

    limit: int
    multiline: bool = False
    optional: bool = False

    def check(self, field: str, value: str) -> str:
        return text(field, value, self.limit, multiline=self.multiline)


NAME = Text(200)
SECTOR = Text(100)
DEPARTMENT = Text(100)  # a department's name, as given and as registered
DESCRIPTION = Text(4000, multiline=True)
REASON = Text(1000)
WRITTEN_REASON = Text(1000, multiline=True)  # a retirement's, a cancellation's
SUMMARY = Text(4000, multiline=True)
PROGRESS_NOTE = Text(4000, multiline=True)
CLOSING_NOTE = Text(1000, multiline=True)  # a close-out's, a failed callback's
ANSWER_NOTE = Text(2000, multiline=True, optional=True)
VISIT_NOTE = Text(4000, multiline=True)
COMMENT = Text(1000, multiline=True, optional=True)
PERSON = Text(100)  # an officer's name, a representative's
PLACE_NAME = Text(100)
PLACE_NAME_EN = Text(100, optional=True)
REJECTION = Text(500)  # why a photo was rejected
FILE_NAME = Text(255, optional=True)
ITEM_TEXT = Text(500, multiline=True)
LABEL = Text(50)  # a checklist item's category, a permit's stage
CALLER = Text(50)
ADDRESS = Text(200)
GRID_UNIT = Text(100)
MEETING = Text(200)
DEVICE_ID = Text(DEVICE_ID_LENGTH)  # checked with every command's `Meta`
LOCATION = Text(200)
ESCALATED_TO = Text(100)  # a leader, an office
PROJECT_KIND = Text(100)
WHAT = Text(500)
FOR_WHOM = Text(200)
RESULT = Text(500)
REFERENCE = Text(100)
STAGE = Text(50, optional=True)  # a permit's stage in its package
MILESTONE_REASON = Text(1000, optional=True)
MEETING_TITLE = Text(100)
MINUTES = Text(4000, multiline=True, optional=True)  # a meeting's (会议纪要)

# By a field's name, wherever its command has no rule of its own.
FIELDS: dict[str, Text] = {
    "name": NAME,
    "location": LOCATION,
    "sector": SECTOR,
    "department": DEPARTMENT,
    "description": DESCRIPTION,
    "reason": REASON,
    "to": ESCALATED_TO,
    "summary": SUMMARY,
    "representative": PERSON,
    "comment": COMMENT,
    "project_kind": PROJECT_KIND,
    "what": WHAT,
    "for_whom": FOR_WHOM,
    "result": RESULT,
    "reference": REFERENCE,
}
# A command's (or a value's) own rule for a field.
OWNED: dict[tuple[str, str], Text] = {
    ("DeclareEvidence", "file_name"): FILE_NAME,
    ("RejectEvidence", "reason"): REJECTION,
    ("RegisterOfficer", "name"): PERSON,
    ("RegisterDepartment", "name"): DEPARTMENT,
    ("RenameDepartment", "name"): DEPARTMENT,
    ("RetireChecklistTemplate", "reason"): WRITTEN_REASON,
    ("CancelVisit", "reason"): WRITTEN_REASON,
    ("RecordMilestone", "reason"): MILESTONE_REASON,
    ("ReportIssueProgress", "note"): PROGRESS_NOTE,
    ("CloseOutIssue", "note"): CLOSING_NOTE,
    ("RecordCallbackFailure", "note"): CLOSING_NOTE,
    ("AnswerItem", "note"): ANSWER_NOTE,
    ("GivenAnswer", "note"): ANSWER_NOTE,
    ("AddVisitNote", "text"): VISIT_NOTE,
    ("ChecklistItem", "text"): ITEM_TEXT,
    ("ChecklistItem", "category"): LABEL,  # a problem's category is an enum
    ("PermitSpec", "stage"): STAGE,
    ("RegisterPlace", "name"): PLACE_NAME,
    ("RegisterPlace", "name_en"): PLACE_NAME_EN,
    ("RenamePlace", "name"): PLACE_NAME,
    ("RenamePlace", "name_en"): PLACE_NAME_EN,
    ("RaiseIssue", "grid_unit"): GRID_UNIT,
    ("RaiseIssue", "meeting"): MEETING,
    ("Ticket", "caller"): CALLER,
    ("Subject", "address"): ADDRESS,
    ("HoldMeeting", "title"): MEETING_TITLE,
    ("HoldMeeting", "minutes"): MINUTES,
    ("RecordMinutes", "minutes"): MINUTES,
}


def rule_of(owner: str, field: str) -> Text | None:
    """The rule of a command's (or a value's) text field, if it has one."""
    return OWNED.get((owner, field), FIELDS.get(field))
