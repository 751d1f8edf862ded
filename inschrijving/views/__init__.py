"""Views of the inschrijving app, one module per concern; all thin over services and selectors."""
