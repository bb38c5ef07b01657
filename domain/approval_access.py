"""Who may act on which approval package: agents on the packages they serve,
handlers on their own department's permits (their decisions: committed limits,
acceptance, grant, return), supervisors on any in their jurisdiction. The role
matrix (`domain.access.MATRIX`) is checked first; this adds the rules that depend on
the package, inside the same unit of work."""

from domain.access import Forbidden, Sender
from domain.commands import approval as c
from domain.commands.base import Command, Unit
from domain.commands.department import maybe_named
from domain.model.approval import ApprovalPackage
from domain.model.officer import Role

# The department's decisions on a permit.
DECISIONS = (c.CommitLimit, c.AcceptPermit, c.GrantPermit, c.ReturnPermit)
# What a chief agent may do for another agent of the package.
CHIEF_ONLY = "a matter of another agent is the chief agent's to record"


def check(sender: Sender, command: Command, unit: Unit) -> None:
    if isinstance(command, c.PackageChange) and (
        reason := refusal(sender, command, unit)
    ):
        raise Forbidden(reason)


def refusal(sender: Sender, command: c.PackageChange, unit: Unit) -> str | None:
    if sender.has(Role.SUPERVISOR):
        return None
    package = unit.get(ApprovalPackage, command.package_id)
    if isinstance(command, DECISIONS):
        return departmental(sender, command, package, unit)
    if sender.has(Role.OFFICER):
        return None
    if package.serves(sender.officer_id):
        return matter_refusal(sender, command, package)
    if sender.has(Role.HANDLER) and isinstance(command, c.SupplyDocuments):
        return departmental(sender, command, package, unit)
    return "you are not an agent of this package"


def departmental(
    sender: Sender, command: c.PermitChange, package: ApprovalPackage, unit: Unit
) -> str | None:
    """A permit names its department as its template does, by name: the sender's
    department, under that name or one it is registered under."""
    department = package.permit(command.permit_id).department
    if department == sender.department:
        return None
    named = maybe_named(unit, package.jurisdiction, department)
    if named is None or named.id != sender.department_id:
        return f"permit {command.permit_id} is for {department} to decide"
    return None


def matter_refusal(
    sender: Sender, command: c.PackageChange, package: ApprovalPackage
) -> str | None:
    """An agent records their own matters; the chief agent (总负责) anyone's of the
    package, and alone puts agents on its permits."""
    if sender.officer_id == package.chief_agent_id:
        return None
    if isinstance(command, c.AssignPermitAgent):
        return "agents are put on permits by the package's chief agent"
    if isinstance(command, c.OpenMatter) and command.agent_id != sender.officer_id:
        return CHIEF_ONLY
    if isinstance(command, c.CloseMatter):
        matter = package.matters.get(str(command.matter_id))
        if matter is not None and matter.agent_id != sender.officer_id:
            return CHIEF_ONLY
    return None
