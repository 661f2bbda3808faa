"""Template tags the people app offers to other pages."""
