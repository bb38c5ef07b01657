"""Adapters: the event store's configuration, read-model databases and blob stores."""
