#!/usr/bin/env python3
"""Checks credgraph's rotation calendar and metrics with third-party parsers.

Needs `icalendar` and `prometheus-client` (pip install icalendar prometheus-client,
in a throwaway venv); the Swift tests do not. For each data folder:

  - runs `credgraph plan --json --out OUT` twice into the same folder;
  - parses OUT/calendar/*.ics with the icalendar package and checks every event:
    inside a release window of the configured zone (DST included), outside every
    freeze, not before as-of, on or before due_by - lead_days unless the event says
    X-CREDGRAPH-NO-SLOT, lower-environment siblings (X-CREDGRAPH-WAITS-FOR) at least
    rehearsal_days earlier, at most max_per_day a local day and max_per_week in any
    7 consecutive days; every JSON slot is an event; UIDs unique and the same in
    both runs, SEQUENCE unchanged for an event that did not move; CRLF line ends
    and lines of at most 75 octets; each owner's file a subset of all.ics;
  - runs `credgraph metrics` and parses it with prometheus_client's Prometheus
    text parser and its OpenMetrics parser.

usage: scripts/check-plan.py [--credgraph .build/debug/credgraph] DATA_DIR [--config FILE] ...
Exit status 0 when every check holds; each failure is printed.
"""
import argparse, datetime as dt, json, os, subprocess, sys, tempfile
from zoneinfo import ZoneInfo

import icalendar
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.openmetrics.parser import text_string_to_metric_families as om_families

failures = []
def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-500:]}")
    return p.stdout

def day(s): return dt.date.fromisoformat(s)

def check_lines(path):
    raw = open(path, "rb").read()
    if b"\n" in raw.replace(b"\r\n", b""):
        fail(f"{path}: a line end that is not CRLF")
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            fail(f"{path}:{n}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"{path}:{n}: a fold split a UTF-8 character")

def events(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    return [c for c in cal.walk("VEVENT")]

def check(binary, data, config):
    base = [binary, "plan", "--json", "--data", data] + (["--config", config] if config else [])
    with tempfile.TemporaryDirectory() as out:
        first = json.loads(run(base + ["--out", out]))
        ics1 = {str(e["UID"]): e for e in events(os.path.join(out, "calendar", "all.ics"))}
        second = json.loads(run(base + ["--out", out]))
        cal_dir = os.path.join(out, "calendar")
        owner_files = len(os.listdir(cal_dir)) - 1
        for name in sorted(os.listdir(cal_dir)):
            check_lines(os.path.join(cal_dir, name))
        all_events = events(os.path.join(cal_dir, "all.ics"))
        ics2 = {str(e["UID"]): e for e in all_events}
        if first != second:
            fail(f"{data}: plan --json differs between two runs")
        if set(ics1) != set(ics2):
            fail(f"{data}: UIDs differ between two runs")
        for uid, e in ics2.items():
            if uid in ics1 and e.decoded("DTSTART") == ics1[uid].decoded("DTSTART") and int(e["SEQUENCE"]) != int(ics1[uid]["SEQUENCE"]):
                fail(f"{data}: {uid} did not move but SEQUENCE changed")
        if len(ics2) != len(all_events):
            fail(f"{data}: duplicate UIDs")
        for name in sorted(os.listdir(cal_dir)):
            if name != "all.ics":
                for e in events(os.path.join(cal_dir, name)):
                    if str(e["UID"]) not in ics2:
                        fail(f"{name}: {e['UID']} is not in all.ics")

    plan = second
    s = plan["settings"]
    zone = ZoneInfo(plan["timezone"])
    as_of = dt.datetime.fromisoformat(plan["as_of"].replace("Z", "+00:00"))
    windows = [({"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}[d] for d in w["days"]) for w in s["windows"]]
    windows = [(set(days), w["from"], w["to"]) for days, w in zip(windows, s["windows"])]
    freezes = [(day(f["from"]), day(f["to"])) for f in s["freeze"]]
    slotted = [r for r in plan["rotations"] if r["start"]]
    if {r["uid"] for r in slotted} != set(ics2):
        fail(f"{data}: the calendar's events are not the plan's slots")
    per_day = {}
    local_day = {}
    for uid, e in ics2.items():
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        if start.tzinfo is None or start.utcoffset() != dt.timedelta(0):
            fail(f"{uid}: DTSTART not in UTC")
        ls, le = start.astimezone(zone), end.astimezone(zone)
        d = ls.date()
        local_day[uid] = d
        per_day[d] = per_day.get(d, 0) + 1
        hm = lambda t: t.strftime("%H:%M")
        if not any(ls.weekday() in days and ls.date() == le.date() and f <= hm(ls) and hm(le) <= t or
                   (ls.weekday() in days and t == "24:00" and f <= hm(ls)) for days, f, t in windows):
            fail(f"{uid} {e['SUMMARY']}: {ls} to {le} is outside every release window")
        if any(a <= d <= b for a, b in freezes):
            fail(f"{uid} {e['SUMMARY']}: {d} is in a freeze")
        if start < as_of:
            fail(f"{uid} {e['SUMMARY']}: starts before as-of")
        latest = day(str(e["X-CREDGRAPH-LATEST"]))
        due = day(str(e["X-CREDGRAPH-DUE-BY"]))
        if latest != due - dt.timedelta(days=s["lead_days"]):
            fail(f"{uid}: latest is not due_by - lead_days")
        if d > latest and "X-CREDGRAPH-NO-SLOT" not in e:
            fail(f"{uid} {e['SUMMARY']}: {d} is after {latest} and not reported unplaceable")
    for uid, e in ics2.items():
        waits = e.get("X-CREDGRAPH-WAITS-FOR")
        waits = [] if waits is None else (waits if isinstance(waits, list) else [waits])
        for w in waits:
            w = str(w)
            if w in local_day and local_day[w] > local_day[uid] - dt.timedelta(days=s["rehearsal_days"]) and "X-CREDGRAPH-NO-SLOT" not in e:
                fail(f"{uid}: its sibling {w} is on {local_day[w]}, less than rehearsal_days before {local_day[uid]}")
            if w in ics2 and ics2[w].decoded("DTSTART") >= e.decoded("DTSTART"):
                fail(f"{uid}: its sibling {w} does not start first")
    for d, n in per_day.items():
        if n > s["max_per_day"]:
            fail(f"{d}: {n} rotations, max_per_day {s['max_per_day']}")
        span = sum(per_day.get(d + dt.timedelta(days=k), 0) for k in range(7))
        if span > s["max_per_week"]:
            fail(f"7 days from {d}: {span} rotations, max_per_week {s['max_per_week']}")

    metrics = run([binary, "metrics", "--data", data] + (["--config", config] if config else []))
    try:
        families = list(text_string_to_metric_families(metrics))
        om = list(om_families(metrics))
        names = {f.name for f in om}
        for needed in ["credgraph_secret_expiry_timestamp_seconds", "credgraph_rotation_slot_in_time", "credgraph_consumer_probe_success_ratio"]:
            if needed not in names:
                fail(f"metrics: {needed} missing")
    except Exception as error:  # the parsers raise ValueError on bad input
        fail(f"metrics do not parse: {error}")
        families = []
    print(f"{data}{' with ' + config if config else ''}: {len(ics2)} events "
          f"({sum(1 for e in ics2.values() if 'X-CREDGRAPH-NO-SLOT' in e)} unplaceable), "
          f"{owner_files} owners' files checked; "
          f"{sum(len(f.samples) for f in families)} metric samples parsed")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--credgraph", default=".build/debug/credgraph")
    ap.add_argument("--config")
    ap.add_argument("data", nargs="+")
    a = ap.parse_args()
    for data in a.data:
        check(a.credgraph, data, a.config)
    print("OK" if not failures else f"{len(failures)} failures")
    sys.exit(1 if failures else 0)

main()
