"""The slides medium: an outline template (templates/slides/outline.yaml) -> measured,
split slides -> a deterministic PPTX on the theme deck."""
