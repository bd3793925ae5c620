"""Outputs made from a lesson's other outputs: the pack PDF and the lesson's zip."""
