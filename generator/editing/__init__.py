"""Commands that edit content/ for the editor: renumbering."""
