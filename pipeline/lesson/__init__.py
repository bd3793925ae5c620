"""Stage 1: a lesson file -> a validated ``Lesson`` (YAML nodes, the format, checks, errors).

``source`` reads YAML with positions, ``reader`` reads typed values, ``declare`` drives
reading from the format's declarations in ``model``, ``loader`` adds the checks across
the file, ``schema`` and ``docs`` publish the format.
"""
