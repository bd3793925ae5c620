"""Question types: one module each (keys, checks, shuffling, answer), one template per medium.

Importing this package registers the built-in types in ``REGISTRY`` (``type:`` -> class),
in the order the format documents them. A new type is a module with a ``@register``-ed
class, its name in ``BUILT_IN`` and a template per medium (see the README).
"""

import importlib

from pipeline.questions.base import MEDIA, REGISTRY, Question, register

BUILT_IN = ("multiple_choice", "multiple_select", "true_false", "short_answer",
            "fill_in_blank", "matching", "ordering", "essay")

for _name in BUILT_IN:
    importlib.import_module(f"pipeline.questions.{_name}")

__all__ = ["BUILT_IN", "MEDIA", "REGISTRY", "Question", "register"]
