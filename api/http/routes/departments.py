"""Departments (县发改局, 县行政审批局 …): each jurisdiction's, registered by admins."""

from api.http.parsing import Blueprint
from api.http.resources import Kind, action, register
from api.http.schemas.resources import DepartmentResponse
from domain.commands import department as c
from domain.model.department import Department

blp = Blueprint("departments", __name__, url_prefix="/departments", description=__doc__)
KIND = Kind(Department, DepartmentResponse, "department_id")

register(blp, KIND, c.RegisterDepartment)
action(blp, KIND, "name", c.RenameDepartment)
action(blp, KIND, "retirement", c.RetireDepartment)
action(blp, KIND, "reinstatement", c.ReinstateDepartment)
