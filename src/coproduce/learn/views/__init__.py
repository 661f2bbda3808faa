"""The learn pages, one module per idea."""
