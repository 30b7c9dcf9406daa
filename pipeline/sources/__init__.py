"""Input sources: where documents come from, before any of them is read.

`files` walks folders and lists article files and WARC files (`SourceFile`); `warc` reads the
HTML responses of a WARC file as documents (`SourceRecord`: a record's place, its URL and
date, and its payload digest as identity). Both give the ingest run the same shape: a source
(path, size, time) to check for change, an identity, and bytes read only when needed.
"""
