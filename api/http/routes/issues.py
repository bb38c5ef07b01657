"""Problems (问题) that enterprises raise, and each one's closed loop."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import IssueResponse
from domain.commands import issue as c
from domain.model.issue import Issue

blp = Blueprint("issues", __name__, url_prefix="/issues", description=__doc__)
KIND = Kind(Issue, IssueResponse, "issue_id")

register(blp, KIND, c.RaiseIssue)
for path, command in (
    ("assign", c.AssignIssue),
    ("transfer", c.TransferIssue),
    ("accept", c.AcceptIssue),
    ("progress", c.ReportIssueProgress),
    ("escalate", c.EscalateIssue),
    ("resolution", c.ProposeResolution),
    ("send-back", c.SendBackIssue),
    ("close-out", c.CloseOutIssue),
    ("rating", c.RateIssue),
    ("callback-failure", c.RecordCallbackFailure),
    ("withdrawal", c.WithdrawIssue),
):
    action(blp, KIND, path, command)
