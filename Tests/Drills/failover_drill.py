#!/usr/bin/env python3
"""Failover drills (issue 7): a real cluster on network-namespace test hosts, a steady write
load through the routers, and one fault at a time — SIGKILL of the serving node, a partition
that leaves it alive with its database, a SIGSTOP past the dead timeout, a slapd restart, a
MariaDB restart. After each: every acknowledged write is in its home server's database exactly
once, no write sent to a fenced node after the takeover landed, the time from the fault to
each affected user's first acknowledged write, and one agreed state (database ownership rows,
each node's /health, each member's gossip view).

Run by scripts/drill-netns.sh (which makes the hosts and passes --hosts); stdlib only.
Results: a table on standard output and JSON (--results)."""

import argparse
import concurrent.futures
import json
import os
import re
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import soap  # noqa: E402
from cluster import NODES, ROUTERS, SERVERS, USERS, Cluster, Host, password  # noqa: E402
from faults import DEFAULT_ORDER, FAULTS  # noqa: E402
from load import DirectWriter, LoadState, Recorder, Writer  # noqa: E402


def percentile(values, p):
    """Nearest-rank percentile; None for no values."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    rank = max(1, -(-len(values) * p // 100))
    return values[int(rank) - 1]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class OwnershipWatcher(threading.Thread):
    """Polls the ownership rows every 100 ms and keeps every change, so a drill can say when
    each takeover happened (the row's changed_at, written in the takeover's transaction)."""

    def __init__(self, cluster):
        super().__init__(name="ownership", daemon=True)
        self.cluster = cluster
        self.changes = []  # (observed, server, node, epoch, changed_at)
        self.current = {}
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self):
        while not self.stop.is_set():
            try:
                table = self.cluster.ownership()
            except Exception:
                table = {}
            now = time.time()
            with self.lock:
                for server, (node, epoch, changed) in table.items():
                    if self.current.get(server, (None, None))[:2] != (node, epoch):
                        self.changes.append((now, server, node, epoch, changed))
                        self.current[server] = (node, epoch, changed)
            time.sleep(0.1)

    def owner(self, server):
        with self.lock:
            return self.current.get(server, (None, None, None))

    def takeovers_since(self, since):
        with self.lock:
            return [c for c in self.changes if c[4] >= since - 0.5 or c[0] >= since]


class RouterWatcher(threading.Thread):
    """Polls each router's /metrics every 50 ms for its count of dead members, so a drill can
    say when the routers learned of a death (finer than the logs' seconds)."""

    def __init__(self, cluster):
        super().__init__(name="routers", daemon=True)
        self.cluster = cluster
        self.events = []  # (time, router, dead count)
        self.last = {}
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self):
        import urllib.request
        while not self.stop.is_set():
            for router in ROUTERS:
                try:
                    url = f"http://{self.cluster.address(router)}:8236/metrics"
                    with urllib.request.urlopen(url, timeout=0.5) as response:
                        text = response.read().decode()
                    match = re.search(r'^tessera_gossip_members\{status="dead"\} (\d+)', text, re.M)
                    dead = int(match.group(1)) if match else 0
                except Exception:
                    continue
                with self.lock:
                    if self.last.get(router) != dead:
                        self.events.append((time.time(), router, dead))
                        self.last[router] = dead
            time.sleep(0.05)

    def first_rise(self, since):
        """When each router's dead count first rose after `since`: {router: seconds after since}."""
        with self.lock:
            events = list(self.events)
        out = {}
        for router in ROUTERS:
            before = ([d for t, r, d in events if r == router and t < since] or [0])[-1]
            rise = [t for t, r, d in events if r == router and t >= since and d > before]
            if rise:
                out[router] = rise[0] - since
        return out


class Drill:
    def __init__(self, args, cluster):
        self.args, self.cluster = args, cluster
        self.recorder = Recorder()
        self.state = LoadState()
        self.writers = {}
        self.watcher = OwnershipWatcher(cluster)
        self.routers = RouterWatcher(cluster)
        self.phases = []

    # -- start-up
    def start(self):
        c = self.cluster
        log(f"folder {c.folder}")
        log("MariaDB on db, slapd on ldap" + (", moto_server on s3" if self.args.moto else ""))
        c.prepare_database()
        c.prepare_directory()
        if self.args.moto:
            c.prepare_s3(self.args.moto)
        c.write_keys()
        c.write_configurations()
        if not c.failover_section:
            log("this build does not know [failover]: the nodes run without it")
        c.prepare_members()
        for node in NODES:
            c.start(node)
        c.wait_healthy(NODES)
        for router in ROUTERS:
            c.start(router)
        c.wait_healthy(ROUTERS)
        self.watcher.start()
        self.routers.start()
        deadline = time.time() + 10
        while time.time() < deadline and any(self.watcher.owner(s)[0] is None for s in SERVERS):
            time.sleep(0.1)
        log("cluster up: " + ", ".join(f"{s}→{self.watcher.owner(s)[0]}" for s in SERVERS))
        for index, (user, server) in enumerate(USERS):
            order = ROUTERS[index % 2:] + ROUTERS[:index % 2]
            endpoints = [(r, soap.Endpoint(c.soap_url(r), 2.0)) for r in order]
            writer = Writer(user, password(user), server, endpoints, self.recorder, self.state,
                            interval=self.args.interval, timeout=2.0)
            self.writers[user] = writer
            writer.start()
        deadline = time.time() + 30
        while time.time() < deadline:
            acked = {r["user"] for r in self.recorder.snapshot() if r["ok"]}
            if len(acked) == len(USERS):
                break
            time.sleep(0.1)
        else:
            missing = [u for u, _ in USERS if u not in {r["user"] for r in self.recorder.snapshot() if r["ok"]}]
            raise RuntimeError(f"users that never wrote: {missing}; {self.last_errors()}")
        log("every user writes through the routers")
        time.sleep(1)

    def last_errors(self):
        out = {}
        for record in self.recorder.snapshot():
            if not record["ok"]:
                out[record["user"]] = f"{record['fault']}: {record.get('text', '')}"
        for user, writer in self.writers.items():
            if getattr(writer, "last_logon_error", None):
                out.setdefault(user, "logon " + writer.last_logon_error)
        return out

    # -- one fault
    def run_fault(self, name, server):
        c = self.cluster
        fault = FAULTS[name](server or "s1")
        phase = {"fault": name, "description": fault.description}
        self.state.phase = f"{name}{len(self.phases) + 1}"
        phase["phase"] = self.state.phase
        affected_servers = list(SERVERS)
        direct = []
        if fault.node_fault:
            fault.victim = self.watcher.owner(fault.server)[0]
            affected_servers = [s for s in SERVERS if self.watcher.owner(s)[0] == fault.victim]
            phase["victim"] = fault.victim
            if fault.split_brain:
                for user, home in USERS:
                    if home in affected_servers:
                        endpoint = soap.Endpoint(c.soap_url(fault.victim), 2.0)
                        writer = DirectWriter(user, password(user), home, [(f"direct:{fault.victim}", endpoint)],
                                              self.recorder, self.state, interval=self.args.interval, timeout=2.0,
                                              tag="-direct")
                        writer.start()
                        direct.append(writer)
                deadline = time.time() + 10
                while time.time() < deadline and not all(w.session for w in direct):
                    time.sleep(0.05)
        affected_users = [u for u, s in USERS if s in affected_servers]
        phase.update(affected_servers=affected_servers, affected_users=affected_users)
        time.sleep(self.args.steady)
        log(f"fault {self.state.phase}: {fault.description}" + (f" (victim {fault.victim}, serving {affected_servers})" if fault.victim else ""))
        t_fault = time.time()
        fault.inject(c)
        if fault.starts_when_done:
            t_fault = time.time()
        phase["t_fault"] = t_fault
        # Hold the fault: at least minimum_hold, at most maximum_hold, and (until_recovered)
        # until every affected user has written again.
        while True:
            now = time.time()
            recovered = self.first_acks(affected_users, t_fault)
            done = all(recovered.get(u) is not None for u in affected_users)
            if now - t_fault >= fault.maximum_hold:
                break
            if now - t_fault >= fault.minimum_hold and (done or not fault.until_recovered):
                break
            time.sleep(0.05)
        t_repair = time.time()
        fault.repair(c)
        phase["t_repair"] = t_repair
        log(f"repaired after {t_repair - t_fault:.1f} s")
        # Afterwards: everyone writes again and the cluster agrees.
        deadline = time.time() + self.args.settle
        while time.time() < deadline:
            acked_after = self.first_acks([u for u, _ in USERS], t_repair)
            if all(acked_after.get(u) is not None for u, _ in USERS):
                break
            time.sleep(0.1)
        agreement = self.await_agreement(t_repair)
        for writer in direct:
            writer.halt.set()
        for writer in direct:
            writer.join(5)
        recovered = self.first_acks(affected_users, t_fault)
        times = {u: (recovered[u] - t_fault if recovered.get(u) else None) for u in affected_users}
        phase.update(
            recovery=times,
            recovered_during_fault={u: bool(recovered.get(u) and recovered[u] <= t_repair) for u in affected_users},
            p50=percentile(times.values(), 50), p90=percentile(times.values(), 90),
            agreement=agreement, t_end=time.time(),
            takeovers=[{"observed": o, "server": s, "node": n, "epoch": e, "changed_at": ch}
                       for (o, s, n, e, ch) in self.watcher.takeovers_since(t_fault) if o <= time.time()],
            split_brain=fault.split_brain, needs_failover=fault.needs_failover,
            routers_saw_death=self.routers.first_rise(t_fault) if fault.node_fault else {},
        )
        self.phases.append(phase)
        worst = max((t for t in times.values() if t is not None), default=None)
        log(f"{self.state.phase}: recovery p50 {fmt(phase['p50'])} p90 {fmt(phase['p90'])} worst {fmt(worst)}; "
            f"routers saw a death after {', '.join(f'{r} {fmt(t)}' for r, t in phase['routers_saw_death'].items()) or '-'}; "
            f"takeovers ({len(phase['takeovers'])}) {[(t['server'], t['node'], t['epoch']) for t in phase['takeovers']][:6]}; "
            f"agreement {agreement['agreed']}")

    def first_acks(self, users, since):
        """{user: time of the first acknowledgement of a routed write sent at or after `since`}."""
        first = {}
        for record in self.recorder.snapshot():
            if record["ok"] and record["kind"] == "routed" and record["sent"] >= since and record["user"] in users:
                if record["user"] not in first or record["done"] < first[record["user"]]:
                    first[record["user"]] = record["done"]
        return first

    # -- one agreed state
    def node_claims(self):
        """{node: {server: epoch}} from each node's /health ('serving s1 (epoch 3), …')."""
        claims = {}
        for node in NODES:
            status, text = self.cluster.health(node)
            served = {}
            if status == 200 and "serving" in text:
                served = {s: int(e) for s, e in re.findall(r"\b(s\d+) \(epoch (\d+)\)", text)}
                if not served:  # 'ready: serving s1; standby for s2, s3'
                    served = {s: None for s in re.findall(r"\b(s\d+)\b", text.split("serving", 1)[1].split(";")[0])}
            claims[node] = {"status": status, "text": text, "serving": served}
        return claims

    def await_agreement(self, since):
        deadline = time.time() + self.args.settle
        result = {"agreed": False}
        while True:
            table = self.cluster.ownership()
            claims = self.node_claims()
            problems = []
            for server in SERVERS:
                node, epoch, _ = table.get(server, (None, None, None))
                claimants = [n for n, c in claims.items() if server in c["serving"]]
                if claimants != [node]:
                    problems.append(f"{server}: database says {node}@{epoch}, /health of {claimants or 'no node'} claims it")
                elif claims[node]["serving"][server] not in (None, epoch):
                    problems.append(f"{server}: {node} claims epoch {claims[node]['serving'][server]}, database {epoch}")
            views = {}
            if not problems:
                views = self.gossip_views()
                for member, view in views.items():
                    for server in SERVERS:
                        node, epoch, _ = table[server]
                        seen = view.get(server)
                        if not seen or seen[0] != node or seen[1] != epoch:
                            problems.append(f"{server}: gossip via {member} says {seen}, database {node}@{epoch}")
                for member, view in views.items():
                    dead = {s: v[2] for s, v in view.items() if isinstance(v, tuple) and v[2] != "alive"}
                    if dead:
                        problems.append(f"gossip via {member}: serving node not alive: {dead}")
            result = {
                "agreed": not problems, "problems": problems,
                "ownership": {s: {"node": v[0], "epoch": v[1]} for s, v in table.items()},
                "health": {n: c["text"] for n, c in claims.items()},
                "seconds_after_repair": time.time() - since,
            }
            if not problems or time.time() >= deadline:
                return result
            time.sleep(0.5 if not views else 2.0)

    def gossip_views(self):
        """What each node and router believes, asked through it alone: {member: {server: (node, epoch, state)}}."""
        names = NODES + ROUTERS
        views = {}
        with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
            servers = {m: pool.submit(self.cluster.gossip_view, m) for m in names}
            for member in names:
                try:
                    views[member] = servers[member].result()
                except Exception as error:
                    views[member] = {"error": str(error)}
        return views

    # -- checks on the stored data
    def stored(self):
        """{server: {subject: count}} of drill items in each server's database (not deleted)."""
        out = {}
        for server in SERVERS:
            rows = self.cluster.sql(f"tessera_{server}",
                                    "SELECT subject_key, COUNT(*) FROM messages WHERE subject_key LIKE 'drill-%' "
                                    "AND deleted = 0 GROUP BY subject_key")
            out[server] = {subject: int(count) for subject, count in rows}
        return out

    def check(self):
        stored = self.stored()
        attempts = self.recorder.snapshot()
        home = dict(USERS)
        report = {"checks": {}}
        lost, duplicated, misplaced, unacked_present = [], [], [], 0
        for record in attempts:
            subject = record["subject"].lower()
            here = stored[home[record["user"]]].get(subject, 0)
            elsewhere = sum(stored[s].get(subject, 0) for s in SERVERS if s != home[record["user"]])
            if here > 1:
                duplicated.append(subject)
            if elsewhere:
                misplaced.append(subject)
            if record["ok"] and here == 0:
                lost.append(subject)
            if not record["ok"] and here:
                unacked_present += 1
        acked = sum(1 for r in attempts if r["ok"])
        report["checks"]["acknowledged exactly once"] = {
            "pass": not lost and not duplicated and not misplaced, "acknowledged": acked, "attempts": len(attempts),
            "lost": lost[:20], "duplicated": duplicated[:20], "misplaced": misplaced[:20],
            "unacknowledged but stored": unacked_present}
        for phase in self.phases:
            checks = {}
            if phase["split_brain"]:
                checks["fenced writes absent"] = self.check_fenced(phase, attempts, stored)
            if phase["needs_failover"]:
                during = phase["recovered_during_fault"]
                checks["writes resumed while the fault lasted"] = {
                    "pass": bool(during) and all(during.values()), "users": during}
            else:
                checks["writes resumed"] = {"pass": all(v is not None for v in phase["recovery"].values()),
                                            "users": phase["recovery"]}
            checks["no needless takeover"] = self.check_takeovers(phase)
            checks["one agreed state"] = {"pass": phase["agreement"]["agreed"], "problems": phase["agreement"]["problems"]}
            phase_records = [r for r in attempts if r["phase"] == phase["phase"]]
            faults = {}
            for record in phase_records:
                if not record["ok"]:
                    faults[record["fault"]] = faults.get(record["fault"], 0) + 1
            phase["attempts"] = {"total": len(phase_records), "acknowledged": sum(1 for r in phase_records if r["ok"]),
                                 "faults": faults}
            phase["checks"] = checks
        report["phases"] = self.phases
        return report

    def check_takeovers(self, phase):
        """Only the servers the fault took from their node change hands, each once, and never to
        the node the fault hit: a takeover of a healthy node's server is a needless failover
        (fencing keeps it safe, but its users see errors)."""
        needless = []
        taken = {}
        for change in phase["takeovers"]:
            server = change["server"]
            if not phase["needs_failover"] or server not in phase["affected_servers"] or change["node"] == phase.get("victim"):
                needless.append(change)
            else:
                taken[server] = taken.get(server, 0) + 1
        twice = {s: n for s, n in taken.items() if n > 1}
        result = {"pass": not needless and not twice, "needless": needless}
        if twice:
            result["taken more than once"] = twice
        return result

    def check_fenced(self, phase, attempts, stored):
        """Writes sent straight to the old owner after another node took its server must never
        be acknowledged nor stored."""
        result = {"pass": True, "takeover": {}, "sent after takeover": 0, "acknowledged after takeover": [],
                  "stored after takeover": []}
        takeover = {}
        for change in phase["takeovers"]:
            if change["server"] in phase["affected_servers"] and change["node"] != phase.get("victim"):
                takeover.setdefault(change["server"], change["changed_at"])
        result["takeover"] = {s: t - phase["t_fault"] for s, t in takeover.items()}
        if set(takeover) != set(phase["affected_servers"]):
            result["pass"] = False
            result["why"] = "no takeover of " + ", ".join(s for s in phase["affected_servers"] if s not in takeover)
        for record in attempts:
            if record["kind"] != "direct" or record["phase"] != phase["phase"] or record["server"] not in takeover:
                continue
            if record["sent"] < takeover[record["server"]]:
                continue
            result["sent after takeover"] += 1
            if record["ok"]:
                result["acknowledged after takeover"].append(record["subject"])
            if stored[record["server"]].get(record["subject"].lower()):
                result["stored after takeover"].append(record["subject"])
        if result["acknowledged after takeover"] or result["stored after takeover"]:
            result["pass"] = False
        return result


def fmt(seconds):
    return "-" if seconds is None else f"{seconds:.2f} s"


def print_report(report):
    print()
    print(f"{'fault':<12} {'victim':<6} {'users':>5} {'p50':>8} {'p90':>8} {'worst':>8} {'agreed':>7}  checks")
    for phase in report["phases"]:
        times = [t for t in phase["recovery"].values() if t is not None]
        worst = max(times) if times and len(times) == len(phase["recovery"]) else None
        failed = [name for name, c in phase["checks"].items() if not c["pass"]]
        print(f"{phase['phase']:<12} {phase.get('victim', '-'):<6} {len(phase['recovery']):>5} {fmt(phase['p50']):>8} "
              f"{fmt(phase['p90']):>8} {fmt(worst):>8} {str(phase['agreement']['agreed']):>7}  "
              + ("pass" if not failed else "FAIL: " + ", ".join(failed)))
    once = report["checks"]["acknowledged exactly once"]
    print(f"acknowledged writes: {once['acknowledged']} of {once['attempts']} attempts; lost {len(once['lost'])}, "
          f"duplicated {len(once['duplicated'])}, misplaced {len(once['misplaced'])}; "
          f"unacknowledged but stored {once['unacknowledged but stored']} -> {'pass' if once['pass'] else 'FAIL'}")
    for phase in report["phases"]:
        for name, c in phase["checks"].items():
            if not c["pass"]:
                detail = {k: v for k, v in c.items() if k != "pass"}
                print(f"  {phase['phase']} / {name}: {json.dumps(detail, default=str)[:600]}")


def markdown(report):
    """The figures per fault, pooled over rounds, as a markdown table (benchmarks/README.md)."""
    rows = ["| fault | runs | affected writes resumed (users) | fault → first write p50 | p90 | max | "
            "routers saw the death (p50) | takeover (p50) | agreed after repair (p50) | checks |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    names = []
    for phase in report["phases"]:
        if phase["fault"] not in names:
            names.append(phase["fault"])
    for name in names:
        phases = [p for p in report["phases"] if p["fault"] == name]
        times = [t for p in phases for t in p["recovery"].values()]
        done = [t for t in times if t is not None]
        seen = [min(p["routers_saw_death"].values()) for p in phases if p.get("routers_saw_death")]
        takeovers = [min(t["changed_at"] for t in p["takeovers"]) - p["t_fault"] for p in phases
                     if p["takeovers"] and p.get("victim") and any(t["node"] != p["victim"] for t in p["takeovers"])]
        agreed = [p["agreement"]["seconds_after_repair"] for p in phases if p["agreement"]["agreed"]]
        passed = sum(1 for p in phases if all(c["pass"] for c in p["checks"].values()))
        rows.append(f"| {name} | {len(phases)} | {len(done)}/{len(times)} | {fmt(percentile(done, 50))} | "
                    f"{fmt(percentile(done, 90))} | {fmt(max(done) if done else None)} | {fmt(percentile(seen, 50))} | "
                    f"{fmt(percentile(takeovers, 50))} | {fmt(percentile(agreed, 50))} | {passed}/{len(phases)} pass |")
    return "\n".join(rows) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", required=True, help="name=namespace@address,… (client=@address: the root namespace)")
    parser.add_argument("--tessera", required=True)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--faults", default=",".join(f"{n}:{s}" if s else n for n, s in DEFAULT_ORDER))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.05, help="pause between one user's writes")
    parser.add_argument("--steady", type=float, default=2.0, help="seconds of load before each fault")
    parser.add_argument("--settle", type=float, default=25.0, help="most seconds to wait for recovery and agreement")
    parser.add_argument("--moto", default="moto_server")
    parser.add_argument("--probe-interval", default="250ms", help="[cluster] probe_interval of every member")
    parser.add_argument("--blobs", choices=["files", "s3"], default=os.environ.get("DRILL_BLOBS", "files"))
    args = parser.parse_args()
    hosts = {}
    for item in args.hosts.split(","):
        name, rest = item.split("=", 1)
        namespace, address = rest.split("@", 1)
        hosts[name] = Host(name, namespace, address)
    repository = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cluster = Cluster(args.folder, hosts, args.tessera, repository, blobs=args.blobs,
                      s3_template=os.environ.get("DRILL_S3_BLOBS"), probe_interval=args.probe_interval)
    drill = Drill(args, cluster)
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    status = 1
    report = {"phases": [], "checks": {}}
    started = time.time()
    try:
        drill.start()
        faults = [(f.split(":") + [None])[:2] for f in args.faults.split(",") if f]
        for _ in range(args.rounds):
            for name, server in faults:
                drill.run_fault(name, server)
        drill.state.stop.set()
        for writer in drill.writers.values():
            writer.join(5)
        drill.watcher.stop.set()
        drill.routers.stop.set()
        report = drill.check()
        print_report(report)
        table = markdown(report)
        print()
        print(table)
        with open(os.path.join(os.path.dirname(os.path.abspath(args.results)), "results.md"), "w") as f:
            f.write(table)
        ok = report["checks"]["acknowledged exactly once"]["pass"] and all(
            c["pass"] for p in report["phases"] for c in p["checks"].values())
        status = 0 if ok else 1
    except Exception:
        traceback.print_exc()
        for name, service in cluster.services.items():
            print(f"--- {name} ({service.log})\n{service.tail(15)}")
    finally:
        drill.state.stop.set()
        drill.watcher.stop.set()
        report.update(seconds=time.time() - started, probe_interval=args.probe_interval, failover_section=cluster.failover_section, blobs=args.blobs,
                      attempts=len(drill.recorder.snapshot()))
        with open(args.results, "w") as f:
            json.dump(report, f, indent=1, default=str)
        with open(os.path.join(os.path.dirname(os.path.abspath(args.results)), "attempts.jsonl"), "w") as f:
            for record in drill.recorder.snapshot():
                f.write(json.dumps(record) + "\n")
        cluster.stop_all()
    log(f"results: {args.results} ({time.time() - started:.0f} s)")
    return status


if __name__ == "__main__":
    sys.exit(main())
