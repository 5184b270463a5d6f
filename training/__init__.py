"""Training, evaluation and export of the text classifier. Never imported by the app."""
