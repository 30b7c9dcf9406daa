"""The ingest run: the run lock, the worker processes and their fork-server preload, the run."""
