"""Analysts' reviews of events: the stable event key, the writer, the trail and the orphans.

A review confirms, rejects or corrects one field of an event. It is stored in `reviews`, keyed by
the event's stable key (`keys.py`), never by changing the extracted rows; the views
`review_state` and `reviewed_events` (migration 0007) lay the reviewed values over the events,
so that every reader (the views, `salvo export`, `salvo sql`, the web pages) sees the same.
"""
