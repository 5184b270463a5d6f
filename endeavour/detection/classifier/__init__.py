"""Text classifier: threat, terrorism support and dehumanising hate, for human review."""
