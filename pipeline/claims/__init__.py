"""Claims from article text: the spaCy pipeline and its rules (`nlp`), events, attributions,
quantities and dates."""
