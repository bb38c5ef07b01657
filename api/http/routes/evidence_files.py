"""The local evidence store's signed URLs, served by the API itself: the signature is
the authorisation (as with S3's presigned URLs), so no bearer token is asked for."""

from typing import Any

from flask import Response, request, send_file

from api.http.errors import problem
from api.http.parsing import Blueprint
from api.http.services import services
from storage.localblobs import LocalBlobStore, UploadRefused

blp = Blueprint("evidence-files", __name__, url_prefix="/evidence", description=__doc__)
FORM_OVERHEAD = 64 << 10  # a form's fields and boundaries around the file
REFUSALS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found"}
TOKEN = {"token": {"description": "Signed by the server: opaque"}}
BYTES = {"content": {"application/octet-stream": {"schema": {"format": "binary"}}}}
FORM = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "Content-Type": {"type": "string"},
                    "file": {"type": "string", "format": "binary"},
                },
            }
        }
    }
}


@blp.errorhandler(UploadRefused)
def refused(error: UploadRefused) -> Response:
    return problem(error.status, REFUSALS.get(error.status, "Refused"), error.reason)


@blp.route("/uploads/<token>", methods=["PUT"], endpoint="put_upload")
@blp.doc(
    summary="Upload the declared bytes (local store), with the slot's headers",
    requestBody=BYTES,
    responses={"200": {"description": "Stored in quarantine"}},
)
def put_upload(token: str) -> Any:
    store = local_store()
    grant = store.grant(token, form=False)
    # One byte over: a server that ends the stream itself lets the read past the last
    # byte find the end rather than the limit; a longer body is refused either way.
    request.max_content_length = grant.declared.size + 1
    store.receive(grant, request.mimetype, request.stream)
    return Response(status=200)


@blp.route("/uploads/<token>", methods=["POST"], endpoint="post_upload")
@blp.doc(
    summary="Upload the declared bytes as a form (local store)",
    requestBody=FORM,
    responses={"204": {"description": "Stored in quarantine"}},
)
def post_upload(token: str) -> Any:
    store = local_store()
    grant = store.grant(token, form=True)
    request.max_content_length = grant.declared.size + FORM_OVERHEAD
    sent = request.files.get("file")
    if sent is None:
        raise UploadRefused(400, "the form has no field `file`")
    store.receive(grant, request.form.get("Content-Type"), sent.stream)
    return Response(status=204)


@blp.route("/files/<token>", methods=["GET"], endpoint="read_file")
@blp.doc(
    summary="Read an evidence object through a signed URL (local store)",
    responses={"200": {"description": "The bytes"}},
)
def read_file(token: str) -> Any:
    found = local_store().resolve(token)
    response = send_file(
        found.path,
        mimetype=found.content_type,
        download_name=found.file_name,
        conditional=True,
        max_age=300,
    )
    response.cache_control.public = False
    response.cache_control.private = True  # photos of people's sites: no shared cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def local_store() -> LocalBlobStore:
    store = services().evidence.blobs
    if not isinstance(store, LocalBlobStore):
        raise UploadRefused(404, "this server keeps evidence in S3: use its URLs")
    return store
