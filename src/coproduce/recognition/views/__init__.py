"""The recognition pages, one module per idea."""
