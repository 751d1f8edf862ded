"""Reading documents (issue 11): the text of every page of a PDF — its own text layer, or Tesseract's OCR where a
page has none — and the facts each rule needs, found by extractors defined per document type as data
(``extractors.json``). Pure: bytes in, pages and facts out; no models, no ORM, no clock. The ``inschrijving`` app
stores what it returns (``inschrijving.models.Lezing``) and the evaluator compares it with the declaration."""
