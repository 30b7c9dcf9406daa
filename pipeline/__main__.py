"""`python -m pipeline` runs the salvo command."""

from pipeline.cli import app

app(prog_name="salvo")
