"""Read models: each view, its tracking and catch-up processing."""

from projections.catalog import Catalog
from projections.catalog_rows import FIELDS, CatalogRow
from projections.changes import ChangeRow, Changes
from projections.views import Views, open_views

__all__ = [
    "FIELDS",
    "Catalog",
    "CatalogRow",
    "ChangeRow",
    "Changes",
    "Views",
    "open_views",
]
