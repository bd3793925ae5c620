"""The print medium: handout, worksheet and answer key as PDF, through WeasyPrint."""
