"""Evidence over the API with the local store: slot, upload, confirm, read, sync."""

import io
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest
from PIL import Image
from werkzeug.test import TestResponse

from tests.api import bodies as b
from tests.api.conftest import Api, Caller
from tests.photos import Photo, heic_from_phone, jpeg_from_phone, not_an_image

PROBLEM = "application/problem+json"


def declaration(api: Api, photo: Photo, owner: str = "visit") -> dict[str, Any]:
    visit_id = b.given_visit(api, api.home)
    return b.a_photo(visit_id, owner) | {
        "sha256": photo.sha256,
        "size": photo.size,
        "content_type": photo.content_type,
        "file_name": photo.file_name,
    }


def declared(
    api: Api, photo: Photo, upload: str = "put", who: str = "officer"
) -> dict[str, Any]:
    answer = api.as_(who).post(f"/evidence?upload={upload}", declaration(api, photo))
    assert answer.status_code == 201, answer.get_json()
    body: dict[str, Any] = answer.get_json()
    return body


def send(api: Api, slot: dict[str, Any], body: bytes, **headers: str) -> TestResponse:
    """What the phone does with a slot: no bearer token, only the signed URL."""
    client = api.app.test_client()
    if slot["method"] == "PUT":
        return client.put(slot["url"], data=body, headers=slot["headers"] | headers)
    form = slot["fields"] | {"file": (io.BytesIO(body), "upload")}
    return client.post(slot["url"], data=form, content_type="multipart/form-data")


def confirmed(api: Api, evidence_id: str, who: str = "officer") -> dict[str, Any]:
    answer = api.as_(who).post(f"/evidence/{evidence_id}/confirm")
    assert answer.status_code == 200, answer.get_json()
    body: dict[str, Any] = answer.get_json()
    return body


def attached(api: Api, photo: Photo, upload: str = "put") -> dict[str, Any]:
    evidence = declared(api, photo, upload)
    assert send(api, evidence["upload"], photo.body).status_code in (200, 204)
    return confirmed(api, evidence["id"])


def fetched(api: Api, link: str) -> bytes:
    """The bytes behind a content or thumbnail link, read as a phone would."""
    answer = api.as_("auditor").get(link)
    assert answer.status_code == 200, answer.get_json()
    got = api.app.test_client().get(answer.get_json()["url"])
    try:
        assert got.status_code == 200
        data: bytes = got.data
        return data
    finally:
        got.close()  # a file sent as it is: the server closes it after the response


def test_declaring_answers_the_evidence_and_a_slot_bound_to_its_bytes(
    api: Api,
) -> None:
    photo = jpeg_from_phone()
    evidence = declared(api, photo)
    slot = evidence["upload"]
    assert (evidence["status"], evidence["sha256"], evidence["size"]) == (
        "declared",
        photo.sha256,
        photo.size,
    )
    assert slot["method"] == "PUT"
    assert slot["url"].startswith("http://localhost/evidence/uploads/")
    assert slot["headers"]["Content-Type"] == "image/jpeg"


def test_a_jpeg_goes_through_slot_upload_and_confirmation(api: Api) -> None:
    photo = jpeg_from_phone()
    evidence = attached(api, photo)
    assert evidence["status"] == "attached"
    assert evidence["facts"] == {
        "content_type": "image/jpeg",
        "width": 640,
        "height": 480,
        "thumbnail": True,
    }
    assert evidence["claims"]["taken_at"] == "2026-05-01T09:30:00+08:00"
    assert (evidence["claims"]["lat"], evidence["claims"]["lon"]) == (34.36, 107.24)
    assert api.as_("auditor").get(f"/evidence/{evidence['id']}").get_json() == evidence
    assert fetched(api, f"/evidence/{evidence['id']}/content") == photo.body


def test_a_heic_sent_as_a_form_is_confirmed_and_its_thumbnail_has_no_exif(
    api: Api,
) -> None:
    evidence = attached(api, heic_from_phone(), upload="post")
    assert evidence["facts"]["content_type"] == "image/heic"
    thumbnail = fetched(api, f"/evidence/{evidence['id']}/thumbnail")
    image = Image.open(io.BytesIO(thumbnail))
    assert image.format == "JPEG"
    assert not image.getexif()


def test_confirming_again_changes_nothing(api: Api) -> None:
    evidence = attached(api, jpeg_from_phone())
    before = api.events()
    again = confirmed(api, evidence["id"], who="supervisor")
    assert again == evidence
    assert api.events() == before


def test_confirming_what_was_never_uploaded_records_the_rejection(api: Api) -> None:
    evidence = declared(api, jpeg_from_phone())
    rejected = confirmed(api, evidence["id"])
    assert (rejected["status"], rejected["rejection"]) == (
        "rejected",
        "nothing has been uploaded",
    )
    slot = api.as_("officer").get(f"/evidence/{evidence['id']}/upload").get_json()
    assert send(api, slot, jpeg_from_phone().body).status_code == 200
    assert confirmed(api, evidence["id"])["status"] == "attached"


def test_a_non_image_named_jpg_is_rejected_on_confirmation(api: Api) -> None:
    fake = not_an_image()
    evidence = declared(api, fake)
    assert send(api, evidence["upload"], fake.body).status_code == 200
    rejected = confirmed(api, evidence["id"])
    assert rejected["status"] == "rejected"
    assert "not image/jpeg" in rejected["rejection"]
    content = api.as_("officer").get(f"/evidence/{evidence['id']}/content")
    assert content.status_code == 409


SENT: dict[str, tuple[Callable[[bytes], bytes], dict[str, str], int]] = {
    "another-body": (lambda body: body[::-1], {}, 400),
    "another-type": (lambda body: body, {"Content-Type": "image/png"}, 403),
    "over-size": (lambda body: body + b"tail", {}, 413),
}


@pytest.mark.parametrize(("body", "headers", "status"), SENT.values(), ids=SENT)
def test_the_upload_url_takes_only_the_declared_bytes(
    api: Api, body: Callable[[bytes], bytes], headers: dict[str, str], status: int
) -> None:
    photo = jpeg_from_phone()
    evidence = declared(api, photo)
    answer = send(api, evidence["upload"], body(photo.body), **headers)
    assert (answer.status_code, answer.mimetype) == (status, PROBLEM)
    assert confirmed(api, evidence["id"])["rejection"] == "nothing has been uploaded"


@pytest.mark.parametrize("path", ["/evidence/uploads/forged", "/evidence/files/forged"])
def test_a_forged_signed_url_is_refused(api: Api, path: str) -> None:
    client = api.app.test_client()
    answer = client.put(path, data=b"x") if "uploads" in path else client.get(path)
    assert (answer.status_code, answer.mimetype) == (403, PROBLEM)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"size": 26 * 1024 * 1024}, "size"),
        ({"content_type": "image/gif"}, "content_type"),
        ({"sha256": "not-a-hash"}, "sha256"),
        ({"owner": "answer"}, "item_id"),
    ],
)
def test_a_declaration_out_of_bounds_is_refused(
    api: Api, changes: dict[str, Any], field: str
) -> None:
    body = declaration(api, jpeg_from_phone()) | changes
    before = api.events()
    answer = api.as_("officer").post("/evidence", body)
    assert answer.status_code == 422
    assert field in str(answer.get_json()["errors"])
    assert api.events() == before


def test_auditors_read_evidence_but_neither_declare_nor_confirm(api: Api) -> None:
    auditor = api.as_("auditor")
    body = declaration(api, jpeg_from_phone())
    assert auditor.post("/evidence", body).status_code == 403
    evidence = declared(api, jpeg_from_phone())
    assert auditor.post(f"/evidence/{evidence['id']}/confirm").status_code == 403
    assert auditor.get(f"/evidence/{evidence['id']}/upload").status_code == 403
    assert auditor.get(f"/evidence/{evidence['id']}").status_code == 200


def test_a_replayed_declaration_grants_no_upload_once_the_role_is_gone(
    fresh_api: Api,
) -> None:
    api, key = fresh_api, {"Idempotency-Key": str(uuid4())}
    officer, admin = api.as_("officer"), api.as_("admin")
    body = declaration(api, jpeg_from_phone())
    assert officer.post("/evidence", body, key).get_json()["upload"] is not None
    roles = f"/officers/{officer.officer_id}/roles"
    assert admin.post(roles, {"role": "auditor"}).status_code == 200
    assert admin.post(f"{roles}/revocation", {"role": "officer"}).status_code == 200
    replay = officer.post("/evidence", body, key)
    assert (replay.status_code, replay.get_json()["upload"]) == (201, None)
    assert officer.get(f"/evidence/{body['evidence_id']}/upload").status_code == 403


def test_a_handler_confirms_no_photo_of_another_departments_problem(api: Api) -> None:
    issue_id = b.given_issue(api, api.home, "accepted")
    photo = jpeg_from_phone()
    body = declaration(api, photo) | {"owner": "issue", "owner_id": issue_id}
    evidence = api.as_("handler").post("/evidence", body).get_json()
    assert send(api, evidence["upload"], photo.body).status_code in (200, 204)
    api.as_("supervisor").post(
        f"/issues/{issue_id}/transfer",
        {"department": "县发改局", "deadline": "2030-01-01", "reason": "职责调整"},
    )
    before = api.events()
    refused = api.as_("handler").post(f"/evidence/{evidence['id']}/confirm")
    assert (refused.status_code, refused.get_json()["detail"]) == (
        403,
        "the problem is with another department",
    )
    assert api.events() == before
    assert confirmed(api, evidence["id"], who="supervisor")["status"] == "attached"


def test_a_handler_sends_the_photo_of_a_fixed_problem(api: Api) -> None:
    issue_id = b.given_issue(api, api.home, "accepted")
    photo = jpeg_from_phone()
    body = declaration(api, photo) | {"owner": "issue", "owner_id": issue_id}
    answer = api.as_("handler").post("/evidence", body)
    assert answer.status_code == 201
    assert answer.get_json()["owner_id"] == issue_id


@pytest.mark.parametrize(
    "path", ["", "/history", "/content", "/thumbnail", "/upload", "/confirm"]
)
def test_evidence_of_another_jurisdiction_is_not_found(api: Api, path: str) -> None:
    evidence = attached(api, jpeg_from_phone())
    outsider = api.as_("outsider")
    url = f"/evidence/{evidence['id']}{path}"
    answer = outsider.post(url) if path == "/confirm" else outsider.get(url)
    unknown = outsider.get(f"/evidence/{uuid4()}")
    assert (answer.status_code, answer.get_json()) == (
        404,
        unknown.get_json() | {"detail": answer.get_json()["detail"]},
    )


def test_evidence_declared_offline_is_uploaded_and_confirmed_later(api: Api) -> None:
    photo = jpeg_from_phone()
    args = declaration(api, photo, owner="answer") | {"item_id": "safety"}
    args["owner_id"] = b.given_visit(api, api.home, template=True)
    (synced,) = b.synced(api.as_("officer"), b.command("DeclareEvidence", args))
    assert synced["status"] == "applied"
    evidence_id = args["evidence_id"]
    slot = api.as_("officer").get(f"/evidence/{evidence_id}/upload").get_json()
    assert send(api, slot, photo.body).status_code == 200
    assert confirmed(api, evidence_id)["item_id"] == "safety"


def test_evidence_declared_offline_over_the_limit_gets_no_upload_slot(
    api: Api,
) -> None:
    limit = api.services.evidence.policy.max_bytes
    args = declaration(api, jpeg_from_phone()) | {"size": limit + 1}
    (synced,) = b.synced(api.as_("officer"), b.command("DeclareEvidence", args))
    assert synced["status"] == "applied"  # what the phone did stands
    slot = api.as_("officer").get(f"/evidence/{args['evidence_id']}/upload")
    assert slot.status_code == 409
    assert f"size must be at most {limit} bytes" in slot.get_json()["detail"]


def test_evidence_is_listed_by_what_it_belongs_to(api: Api) -> None:
    evidence = attached(api, jpeg_from_phone())
    caller: Caller = api.as_("auditor")
    page = caller.get(f"/evidence?owner_id={evidence['owner_id']}").get_json()
    assert [item["id"] for item in page["items"]] == [evidence["id"]]
    assert page["items"][0]["status"] == "attached"
    assert UUID(page["items"][0]["fields"]["owner_id"]) == UUID(evidence["owner_id"])
