"""Reads the log of load.py and says what a drill's fault did to the writes.

Usage: report.py LOG FAULT_TIME REPAIR_TIME   (unix times, as `date +%s.%N` prints them)
Exits 0 when writes resumed while the fault lasted (the cluster failed over) and no
acknowledged write was lost; 1 otherwise, saying which.
"""

import json
import sys


def main(path, fault, repair):
    attempts, summary = [], {}
    for line in open(path):
        record = json.loads(line)
        if "summary" in record:
            summary = record["summary"]
        else:
            attempts.append(record)
    successes = [a["t"] for a in attempts if a["ok"]]
    failures = [a for a in attempts if not a["ok"] and a["t"] >= fault]
    resumed = next((t for t in successes if t >= fault and any(f["t"] < t for f in failures)), None)
    gaps = [b - a for a, b in zip(successes, successes[1:])]
    print("acknowledged writes  %d (failed attempts %d)" % (summary.get("acknowledged", len(successes)), summary.get("failed", 0)))
    print("longest write gap    %.1f s" % max(gaps, default=0.0))
    if failures:
        print("first failure        %.1f s after the fault: %s" % (failures[0]["t"] - fault, failures[0].get("error", "")))
    if resumed is not None:
        print("first write after    %.1f s after the fault (%s the repair)" % (resumed - fault, "before" if resumed < repair else "%.1f s after" % (resumed - repair)))
    elif failures:
        print("first write after    never")
    else:
        print("first write after    no write failed")
    stored = summary.get("stored")
    lost = None if stored is None else summary.get("acknowledged", 0) - stored
    print("acknowledged, lost   %s" % ("unknown: " + summary.get("count_error", "no summary") if lost is None else max(lost, 0)))
    problems = []
    if resumed is not None and resumed >= repair:
        problems.append("writes resumed only after the repair: the cluster did not fail over")
    if resumed is None and failures:
        problems.append("writes never resumed")
    if lost:
        problems.append("%d acknowledged writes are missing" % lost)
    for problem in problems:
        print("FAIL", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3])))
