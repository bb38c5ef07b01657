"""The edges: settings, CLI, and (later) the HTTP API and Lambda handlers."""
