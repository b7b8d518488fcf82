#!/usr/bin/env python3
"""Clock lateness between two moments, from schedule-service's Prometheus histogram.

Usage: lateness.py snapshot > before.txt ... later ... lateness.py report before.txt
Reads onstage_events_lateness_seconds_bucket (or $METRIC_seconds_bucket) from http://localhost:8081/q/metrics
(or $METRICS_URL) and prints
the count and the p50 / p90 / p99 / max bucket bounds of the events published in between.
"""
import os
import re
import sys
import urllib.request

URL = os.environ.get("METRICS_URL", "http://localhost:8081/q/metrics")
# onstage_events_send_lateness gives the part before the broker (handed to the producer minus due).
METRIC = os.environ.get("METRIC", "onstage_events_lateness")
BUCKET = re.compile(r'^' + METRIC + r'_seconds_bucket\{le="([^"]+)"\} ([0-9.e+]+)$')


def buckets(text):
    out = {}
    for line in text.splitlines():
        m = BUCKET.match(line)
        if m:
            le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
            out[le] = float(m.group(2))
    return out


def fetch():
    return urllib.request.urlopen(URL).read().decode()


if sys.argv[1] == "snapshot":
    print(fetch())
else:
    before = buckets(open(sys.argv[2]).read())
    after = buckets(fetch())
    delta = sorted((le, after[le] - before.get(le, 0)) for le in after)
    total = delta[-1][1]
    print(f"events: {int(total)}")
    for q in (0.5, 0.9, 0.99, 1.0):
        bound = next(le for le, n in delta if n >= q * total)
        print(f"p{int(q * 100)}: <= {bound * 1000:.1f} ms")
