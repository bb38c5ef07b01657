"""Writes the OpenAPI document's paths and schemas, as the snapshots beside this file
hold them (operation ids left out), for the code on the path first: run as a script,
`PYTHONPATH=<a checkout> python tests/api/openapi/snapshot.py > <file>.json`."""

import json
import sys
from typing import Any

NOT_COMPARED = "operationId"  # named by the routes' wire names, which may move


def paths_and_schemas(document: dict[str, Any]) -> dict[str, Any]:
    """What the snapshots compare: every operation without its id, every schema."""
    return {
        "paths": {
            path: {
                method: {k: v for k, v in operation.items() if k != NOT_COMPARED}
                if isinstance(operation, dict)
                else operation
                for method, operation in operations.items()
            }
            for path, operations in document["paths"].items()
        },
        "schemas": document["components"]["schemas"],
    }


def generated() -> dict[str, Any]:
    """The document of the code importable as `api`, on an in-memory store (its
    app where it is now, or where it was before api/ had rooms, as in cc0eb09)."""
    from importlib import import_module

    from api.settings import Settings

    try:
        create_app = import_module("api.http.app").create_app
    except ModuleNotFoundError:
        create_app = import_module("api.app").create_app

    settings = Settings.from_env({"SITELEDGER_DATABASE_URL": "memory://"})
    document = create_app(settings).test_client().get("/openapi.json").get_json()
    return paths_and_schemas(document)


def dumped(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dumped(generated()))
