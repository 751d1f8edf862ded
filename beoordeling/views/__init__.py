"""Views of the beoordeling app, one module per concern; all thin over services and selectors."""
