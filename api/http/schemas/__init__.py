"""marshmallow schemas: requests generated from the commands, responses per resource."""
