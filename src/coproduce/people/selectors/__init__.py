"""Every non-trivial read in the people app, one module per idea."""
