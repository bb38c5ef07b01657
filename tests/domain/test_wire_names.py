"""Wire and stored names are a contract: renaming a class changes none of them, and
the committed list (docs/wire-names.txt) catches a name that stops working."""

import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import domain.commands
from domain.access import MATRIX
from domain.commands.base import WIRE, Command
from domain.stored import stored_topics

ROOT = Path(__file__).parents[2]
LISTED = ROOT / "docs" / "wire-names.txt"

# Run in a scratch copy of the domain: which listed names no longer work there.
CHECK = """
import importlib, pkgutil, sys
import domain.commands as dc
from eventsourcing.utils import resolve_topic
from domain.stored import stored_topics
for m in pkgutil.iter_modules(dc.__path__):
    importlib.import_module("domain.commands." + m.name)
from domain.commands.base import WIRE
section, lost = "", []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line.startswith("["):
        section = line
    elif line and section == "[commands]" and line not in WIRE:
        lost.append(line)
    elif line and section == "[stored]":
        try:
            resolve_topic(line)
        except Exception:
            lost.append(line)
print("lost:", " ".join(lost))
print("AssignIssue:", WIRE["AssignIssue"].__name__ if "AssignIssue" in WIRE else "-")
"""


def listed(section: str) -> set[str]:
    names, current = set(), ""
    for text in LISTED.read_text(encoding="utf-8").splitlines():
        line = text.split("#")[0].strip()
        if line.startswith("["):
            current = line
        elif line and current == section:
            names.add(line)
    return names


def test_the_code_holds_exactly_the_committed_names() -> None:
    for module in pkgutil.iter_modules(domain.commands.__path__):
        importlib.import_module(f"domain.commands.{module.name}")
    assert set(WIRE) == listed("[commands]")
    assert stored_topics() == listed("[stored]")


def test_every_command_a_client_sends_names_itself() -> None:
    unnamed = [c.__name__ for c in MATRIX if "wire" not in vars(c)]
    assert unnamed == []
    assert all(WIRE[c.wire] is c for c in MATRIX)


def test_a_wire_name_cannot_be_taken_twice() -> None:
    with pytest.raises(TypeError, match="AssignIssue"):

        class Impostor(Command, wire="AssignIssue"):
            pass

    assert WIRE["AssignIssue"].__name__ == "AssignIssue"


def scratch(tmp_path: Path, edit: str, by: str) -> str:
    """The domain copied, `edit` replaced by `by` in every module, the check run."""
    shutil.copytree(ROOT / "domain", tmp_path / "domain")
    for module in (tmp_path / "domain").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        module.write_text(re.sub(edit, by, text), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(LISTED)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_renaming_a_command_class_keeps_its_wire_name(tmp_path: Path) -> None:
    # Every use of the class renamed, its wire="AssignIssue" left as it is.
    out = scratch(tmp_path, r'(?<!wire=")\bAssignIssue\b', "HandOverIssue")
    assert "lost: \n" in out
    assert "AssignIssue: HandOverIssue" in out


def test_the_list_catches_a_name_dropped_without_an_alias(tmp_path: Path) -> None:
    out = scratch(tmp_path, r', wire="AssignIssue"', "")
    assert "lost: AssignIssue\n" in out


def test_the_list_catches_an_event_renamed_without_an_alias(tmp_path: Path) -> None:
    out = scratch(tmp_path, r"\bAssigned\b", "HandedOver")
    assert "lost: domain.model.issue:Issue.Assigned\n" in out
