"""The domain: aggregates, commands and the service layer; imports only the library."""
