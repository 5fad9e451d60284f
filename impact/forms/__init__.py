"""Forms of the impact pages, one module per area."""
