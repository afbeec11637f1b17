"""Review: what a change to the content does to the plan, compared as data (``python -m generator diff``)."""
