"""spaCy pipeline and vocabulary for claim extraction: rulers, mentions and the rules' data."""
