"""Consultations: questions, public responses, imports, documents, offline analysis into themes
with people in charge of them, safety screening and findings with their bases."""
