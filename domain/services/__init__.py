"""Application services beside the domain: the evidence's verification and the
sweeps, which the HTTP routes, the Lambda handlers and the CLI all call, against
small protocols (a blob store, an image check, what is due) that `storage/` and
`projections/` implement and the composition roots wire."""
