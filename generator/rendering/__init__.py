"""Stage 4: the linked model -> Markdown pages (pages, with templates/), with the blocks' parts:
charts, downloads (CSV, JSON), variance marks, numbers."""
