"""The sections of an Indonesian worksheet (LKPD) and test: questions grouped by type in a
fixed, conventional order, each section with its own heading and instruction.

A question type names its section (``SECTION``); the labels ``section_<name>`` and
``instruction_<name>`` give the printed words in each language.
"""

from __future__ import annotations

ORDER = ("choice", "multi_choice", "true_false", "fill", "matching", "ordering", "essay")


def rank(section: str) -> int:
    """Where a section comes in the worksheet (an unknown one goes last)."""
    return ORDER.index(section) if section in ORDER else len(ORDER)
