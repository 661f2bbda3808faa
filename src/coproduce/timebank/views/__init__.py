"""The timebank's pages, one module per idea."""
