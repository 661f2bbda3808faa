"""The stories pages, one module per idea."""
