"""The schema every request and response schema here is made from."""

import marshmallow as ma


class Schema(ma.Schema):
    """marshmallow's Schema, whose deep copy is itself.

    flask-smorest deep-copies a view's documentation at each of its decorators, and
    the documentation holds the view's schemas: whole schemas copied over and over,
    a fifth of a cold start (bench/coldstart.py). Nothing changes a schema once it
    is made, so the schema itself is as good as its copy.
    """

    def __deepcopy__(self, memo: dict[int, object]) -> "Schema":
        return self
