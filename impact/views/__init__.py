"""Pages of the impact app, one module per area."""
