"""The HTTP API: the Flask app, its routes and schemas, auth, the console's pages."""
