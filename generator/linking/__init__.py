"""Stage 3: mandates to their documents (mandates), and mandates, cross-references and backlinks
found in running prose (citations, xrefs, backlinks); ``link.link`` runs them."""
