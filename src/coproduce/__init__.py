"""Coproduce: a platform for co-production."""
