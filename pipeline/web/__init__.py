"""`salvo serve`: a local web application over a salvo database, for analysts.

Pages (`views.py`, one function per kind of page, each with a JSON twin at the same path plus
`.json`): flows, claims, a claim's reports, an article, runs and errors. Data comes from
`pages.py` through a read-only connection; the only write is a review, through
`pipeline.reviews.writer`. `security.py` holds the token, the CSRF tokens and the rules for
links taken from articles; `app.py` puts it together for uvicorn.
"""
