"""What the peer is sent: a ten-question form and completed inspections of it, as a
phone posts them; and how the bench refuses a peer it cannot run."""

import json
import time
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from uuid import uuid4
from xml.etree import ElementTree

import pytest

from bench.odk import rate
from bench.odk_forms import (
    CONTENT_TYPE,
    FIELDS,
    FORM_ID,
    multipart,
    submission,
    xform,
)
from bench.odk_server import Database, PeerFailed, checked, node_binary, node_config

XFORMS = "{http://www.w3.org/2002/xforms}"
HTML = "{http://www.w3.org/1999/xhtml}"


def test_the_form_asks_ten_required_questions_and_keeps_an_instance_id() -> None:
    form = ElementTree.fromstring(xform())
    (data,) = form.iter(f"{XFORMS}data")
    assert data.get("id") == FORM_ID
    fields = [
        child.tag.removeprefix(XFORMS) for child in data if child.tag != f"{XFORMS}meta"
    ]
    assert fields == list(FIELDS)
    assert len(fields) == 10
    binds = {b.get("nodeset"): b for b in form.iter(f"{XFORMS}bind")}
    assert all(binds[f"/data/{f}"].get("required") == "true()" for f in FIELDS)
    assert "/data/meta/instanceID" in binds
    body = form.find(f"{HTML}body")
    assert body is not None
    questions = [question.get("ref") for question in body]
    assert questions == [f"/data/{f}" for f in FIELDS]


def test_a_submission_answers_every_question_of_the_form_under_its_instance_id() -> (
    None
):
    instance_id = uuid4()
    data = ElementTree.fromstring(submission(instance_id))
    assert (data.tag, data.get("id")) == ("data", FORM_ID)
    answers = {child.tag: child.text for child in data if child.tag != "meta"}
    assert list(answers) == list(FIELDS)
    assert set(answers.values()) == {"pass", "fail"}
    assert data.findtext("meta/instanceID") == f"uuid:{instance_id}"


def test_the_body_carries_the_instance_as_the_xml_submission_file_part() -> None:
    xml = submission(uuid4())
    head = f"Content-Type: {CONTENT_TYPE}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + multipart(xml))
    (part,) = message.iter_parts()
    assert part.get_param("name", header="content-disposition") == "xml_submission_file"
    assert part.get_content_type() == "text/xml"
    assert part.get_payload(decode=True) == xml


def test_the_peer_listens_and_calls_out_on_loopback_only() -> None:
    config = json.loads(node_config(Database(port=5999), port=8999))["default"]
    assert config["database"]["host"] == "127.0.0.1"
    assert config["env"]["domain"] == "http://127.0.0.1:8999"
    urls = [config["enketo"]["url"], config["external"]["analytics"]["url"]]
    assert all(url.startswith("http://127.0.0.1:") for url in urls)
    assert config["xlsform"]["host"] == "127.0.0.1"
    assert config["xlsform"]["port"] not in (5999, 8999)


def test_a_folder_that_is_no_checkout_is_refused_before_anything_starts(
    tmp_path: Path,
) -> None:
    with pytest.raises(PeerFailed, match="not a checkout"):
        checked(tmp_path)
    (tmp_path / "lib/bin").mkdir(parents=True)
    (tmp_path / "lib/bin/run-server.js").write_text("")
    with pytest.raises(PeerFailed, match="npm ci"):
        checked(tmp_path)


def test_a_node_other_than_24_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "node"
    node.write_text("#!/bin/sh\necho v20.20.2\n")
    node.chmod(0o755)
    with pytest.raises(PeerFailed, match="needs Node 24"):
        node_binary(str(node))


def test_clients_run_at_once_and_every_send_counts() -> None:
    def send() -> float:
        time.sleep(0.02)
        return 0.02

    one, eight = rate([send], each=5), rate([send] * 8, each=5)
    assert (one.count, eight.count) == (5, 40)
    assert eight.per_second > 4 * one.per_second  # eight at once, not one by one
    assert eight.p50 == eight.p99 == 0.02


def test_a_failed_send_fails_the_measurement() -> None:
    def refused() -> float:
        raise PeerFailed("submission: 403")

    with pytest.raises(PeerFailed, match="403"):
        rate([refused, lambda: 0.01], each=3)
