"""Data: where datasets enter the project, and how they are split."""
