"""The provisioned dashboards: generated from deploy/grafana/build.py, every query valid PromQL
(asked of a real Prometheus) and every metric it names is in the catalogue."""

import re
import runpy
from pathlib import Path

from prometheus_client import REGISTRY

from processors.metrics import BACKLOG_NAME, OLDEST_NAME
from tests.fixtures.prometheus import api, prometheus_server

GRAFANA = Path(__file__).resolve().parents[2] / "deploy" / "grafana"
build = runpy.run_path(str(GRAFANA / "build.py"))
QUERIES = [expr for _, panels in build["DASHBOARDS"].values() for *_, queries in panels for expr, _ in queries]


def test_committed_dashboards_are_the_builders_output() -> None:
    files = {path.name: path.read_text(encoding="utf-8") for path in (GRAFANA / "dashboards").glob("*.json")}
    assert files == build["render"]()


def test_every_metric_a_panel_names_is_in_the_catalogue() -> None:
    families = list(REGISTRY.collect())
    known = {f.name for f in families} | {s.name for f in families for s in f.samples}
    known |= {BACKLOG_NAME, OLDEST_NAME, "up"}
    named = {name for expr in QUERIES for name in re.findall(r"\b(netra_[a-z_]+|up)\b", expr)}
    assert named - known == set()


def test_every_query_is_accepted_by_prometheus() -> None:
    with prometheus_server({}) as url:
        for expr in QUERIES:
            assert api(url, "/api/v1/query", query=expr)["resultType"] == "vector", expr
