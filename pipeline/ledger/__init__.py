"""The claim ledger: the layer above the events.

Input: the stored events and articles (read through `inputs.event_query`). Output: the
`ledger_*` and `article_copies` tables behind the views `claims`, `claim_events`,
`estimate_history`, `flows` and `commitments`. Events that state the same thing form one claim
(`items`, `grouping`); the reported figures of one supplier, recipient and item form a series
with its flags (`series`); near-copies of one text count as one outlet (`copies`). `refresh`
brings the ledger up to date after an ingest, touching only the groups whose events changed.
"""
