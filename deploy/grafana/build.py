"""Writes the provisioned Grafana dashboards (dashboards/*.json) from the panel lists below.

Run `python deploy/grafana/build.py` after changing a panel; tests/deploy/test_grafana.py checks
the committed JSON is this script's output and runs every query against a real Prometheus.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent / "dashboards"
RATE = "5m"

# (title, panel type, unit, [(query, legend)]) per dashboard, in display order.
Panel = tuple[str, str, str, list[tuple[str, str]]]
DASHBOARDS: dict[str, tuple[str, list[Panel]]] = {
    "netra-pipeline": ("Netra: pipeline health", [
        ("Records consumed per second", "timeseries", "ops",
         [(f"sum by (stage) (rate(netra_messages_in_total[{RATE}]))", "{{stage}}")]),
        ("Records produced per second", "timeseries", "ops",
         [(f"sum by (stage, topic) (rate(netra_messages_out_total[{RATE}]))", "{{stage}} → {{topic}}")]),
        ("Consumer lag", "timeseries", "short", [("sum by (stage) (netra_consumer_lag)", "{{stage}}")]),
        ("Dead letters per minute", "timeseries", "short",
         [(f"sum by (stage) (rate(netra_dead_letters_total[{RATE}])) * 60", "{{stage}}")]),
        ("Processing time per record (p95)", "timeseries", "s",
         [(f"histogram_quantile(0.95, sum by (stage, le) (rate(netra_processing_seconds_bucket[{RATE}])))",
           "{{stage}}")]),
        ("Capture to output (p95)", "timeseries", "s",
         [(f"histogram_quantile(0.95, sum by (stage, origin, le) "
           f"(rate(netra_capture_to_output_seconds_bucket[{RATE}])))", "{{stage}} from {{origin}}")]),
        ("Downstream retries per minute", "timeseries", "short",
         [(f"sum by (stage) (rate(netra_downstream_retries_total[{RATE}])) * 60", "{{stage}}")]),
        ("Paused by back-pressure", "timeseries", "short",
         [("max by (stage) (netra_backpressure_paused)", "{{stage}}")]),
        ("Processes up", "stat", "short", [('sum by (job) (up{job=~"netra-.*"})', "{{job}}")]),
    ]),
    "netra-detection": ("Netra: detections by region and category", [
        ("Flagged posts per hour, by category", "timeseries", "short",
         [("sum by (category) (rate(netra_posts_flagged_total[1h])) * 3600", "{{category}}")]),
        ("Flagged posts in 24 h, top 20 regions", "bargauge", "short",
         [("topk(20, sum by (wilayah) (increase(netra_posts_flagged_total[24h])))", "{{wilayah}}")]),
        ("Flagged posts in 24 h, by region and category", "table", "short",
         [("sum by (wilayah, category) (increase(netra_posts_flagged_total[24h])) > 0", "")]),
    ]),
    "netra-review": ("Netra: review backlog", [
        ("Cases waiting or in review", "stat", "short",
         [("sum by (status) (netra_review_backlog)", "{{status}}")]),
        ("Backlog by region", "bargauge", "short",
         [("topk(20, sum by (wilayah) (netra_review_backlog))", "{{wilayah}}")]),
        ("Oldest waiting case by region (at least)", "bargauge", "s",
         [("topk(20, max by (wilayah) (netra_review_oldest_unreviewed_age_seconds))", "{{wilayah}}")]),
        ("Backlog over time", "timeseries", "short",
         [("sum by (status) (netra_review_backlog)", "{{status}}")]),
    ]),
    "netra-collectors": ("Netra: collectors", [
        ("Posts published per minute", "timeseries", "short",
         [(f'sum by (instance) (rate(netra_messages_out_total{{stage="collector"}}[{RATE}])) * 60',
           "{{instance}}")]),
        ("Platform request budget left", "timeseries", "short",
         [("min by (source) (netra_collector_budget_remaining)", "{{source}}")]),
        ("Bus failures (retries per minute)", "timeseries", "short",
         [(f'sum by (instance) (rate(netra_downstream_retries_total{{stage="collector"}}[{RATE}])) * 60',
           "{{instance}}")]),
    ]),
    "netra-digests": ("Netra: digests and alerts", [
        ("Digest deliveries in 24 h", "stat", "short",
         [("sum by (outcome) (increase(netra_digest_deliveries_total[24h]))", "{{outcome}}")]),
        ("Digest SMTP retries in 24 h", "stat", "short",
         [("sum (increase(netra_digest_retries_total[24h]))", "retries")]),
        ("Since the last clean digest run", "stat", "s",
         [("time() - max(netra_digest_last_success_timestamp_seconds > 0)", "age")]),
        ("Reviewer alerts per hour", "timeseries", "short",
         [("sum by (channel, outcome) (rate(netra_alerts_total[1h])) * 3600", "{{channel}} {{outcome}}")]),
    ]),
}


def dashboard(uid: str, title: str, panels: list[Panel]) -> dict[str, object]:
    """One dashboard: panels two per row, each query against the provisioned Prometheus."""
    return {
        "uid": uid, "title": title, "tags": ["netra"], "timezone": "browser", "schemaVersion": 39,
        "refresh": "30s", "time": {"from": "now-6h", "to": "now"}, "editable": False,
        "panels": [{
            "id": n + 1, "title": name, "type": kind,
            "datasource": {"type": "prometheus", "uid": "prometheus"},
            "gridPos": {"x": (n % 2) * 12, "y": (n // 2) * 8, "w": 12, "h": 8},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"refId": chr(65 + i), "expr": expr, "legendFormat": legend,
                         "datasource": {"type": "prometheus", "uid": "prometheus"},
                         **({"format": "table", "instant": True} if kind == "table" else {})}
                        for i, (expr, legend) in enumerate(queries)],
        } for n, (name, kind, unit, queries) in enumerate(panels)],
    }


def render() -> dict[str, str]:
    """File name → JSON text of every dashboard."""
    return {f"{uid}.json": json.dumps(dashboard(uid, title, panels), indent=2, ensure_ascii=False) + "\n"
            for uid, (title, panels) in DASHBOARDS.items()}


if __name__ == "__main__":
    for name, text in render().items():
        (HERE / name).write_text(text, encoding="utf-8")
