"""PostgreSQL: the run lock as an advisory lock, read-only `salvo sql`, a throwaway server."""
