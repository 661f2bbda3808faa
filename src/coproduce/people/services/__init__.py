"""Every write in the people app, one module per idea."""
