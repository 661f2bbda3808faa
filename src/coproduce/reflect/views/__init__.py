"""The reflect app's pages, one module per idea."""
