"""Template tags for the timebank's pages."""
