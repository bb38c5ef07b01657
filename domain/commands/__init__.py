"""Commands as data: what a client may ask, one class a verb, grouped by aggregate."""
