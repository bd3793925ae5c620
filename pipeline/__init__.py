"""lessonpack: turn lesson YAML into handouts, worksheets, answer keys and slides."""

__version__ = "0.1.0"
