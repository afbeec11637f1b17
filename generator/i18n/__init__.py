"""Languages: which are configured, their interface strings, translation status (languages), and
the gettext PO round trip for translators (translate)."""
