"""Cells made of several values: a list of names, the nodes a project is late at."""

from typing import Any

from api.tables_labels import LABELS


def joined(value: Any, lang: str) -> str:
    return "、".join(str(item) for item in value)


def late_nodes(value: Any, lang: str) -> str:
    """「施工许可滞后19天；开工滞后10天」"""
    zh = "{node}滞后{days}天"
    en = "{node} {days} days late"
    return ("；" if lang == "zh" else "; ").join(
        (zh if lang == "zh" else en).format(
            node=LABELS["node"][late["node"]][0 if lang == "zh" else 1],
            days=late["days_late"],
        )
        for late in value
    )
