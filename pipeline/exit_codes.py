"""Process exit codes, the same for every salvo command (documented in `salvo --help`)."""

OK = 0  # all fine
PARTIAL = 1  # finished, but some documents failed; each is recorded with its reason
USAGE = 2  # usage error (Click's own code for bad arguments)
FATAL = 3  # database unreachable or full, schema newer than the code, model missing
LOCKED = 75  # another run holds the lock on this database (EX_TEMPFAIL)
# an ingest stopped by a signal exits 128 + its number (130 Ctrl-C, 143 SIGTERM), as a shell
# reports it; see `pipeline.run.interrupt.Interrupted.exit_code`
