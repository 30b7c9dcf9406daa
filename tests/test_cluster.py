"""--cluster: local:N or a scheduler's address; anything else is a usage error."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, salvo

from pipeline.cluster import parse_cluster


@pytest.mark.parametrize(("spec", "parsed"), [
    ("local:1", (1, None)), ("local:16", (16, None)),
    ("tcp://10.0.0.5:8786", (None, "tcp://10.0.0.5:8786")),
    ("tls://scheduler.example.org:8786", (None, "tls://scheduler.example.org:8786")),
], ids=["one", "sixteen", "tcp", "tls"])
def test_cluster_specs(spec, parsed):
    assert parse_cluster(spec) == parsed


@pytest.mark.parametrize("spec", ["local:0", "local:", "local:two", "8786", "tcp://", ""])
def test_bad_cluster_specs_are_refused(spec):
    with pytest.raises(ValueError, match="--cluster"):
        parse_cluster(spec)


def test_bad_cluster_is_a_usage_error_in_one_line(tmp_path):
    result = salvo("ingest", str(FIXTURES), "--db", str(tmp_path / "c.db"), "--cluster", "lan:2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "salvo: --cluster 'lan:2' is neither local:N nor a scheduler address such as "
        "tcp://host:8786"]
    assert not (tmp_path / "c.db").exists()
