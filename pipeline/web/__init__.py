"""The web medium: one self-contained, offline HTML lesson with a self-checking quiz."""
