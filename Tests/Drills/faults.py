"""The faults the drills inject, one at a time, each with its repair. A fault names the server
whose serving node it hits (for node faults) or hits everyone (directory, database)."""

import signal
import subprocess
import time

from cluster import NODES, ROUTERS


class Fault:
    name = ""
    description = ""
    node_fault = True       # hits the node serving `server`; its users are the affected ones
    split_brain = False     # clients keep writing to the old owner directly
    needs_failover = True   # writes can only resume while it lasts if another node takes over
    minimum_hold = 0.0      # the fault lasts at least this long…
    maximum_hold = 20.0     # …and at most this long (or until every affected user writes again)
    until_recovered = True
    starts_when_done = False  # the fault's time is when inject() returned (else when it began)

    def __init__(self, server="s1"):
        self.server = server
        self.victim = None

    def inject(self, cluster):
        raise NotImplementedError

    def repair(self, cluster):
        raise NotImplementedError


class KillNode(Fault):
    name = "kill"
    description = "SIGKILL the serving node; restart it after writes resumed"

    def inject(self, cluster):
        cluster.services[self.victim].stop(kill=True)

    def repair(self, cluster):
        cluster.start(self.victim)


class PartitionNode(Fault):
    """A cable cut between the serving node and the rest of the cluster: on both sides, frames
    for the other side get a MAC address nobody has (a permanent neighbour entry), so they
    vanish on the bridge without an error to the sender — as on a real network. (A `blackhole`
    or `prohibit` route makes sendto() fail with EINVAL/EACCES instead, which closes the gossip
    socket: see the `partition-route` fault.)"""

    name = "partition"
    description = ("cut the serving node off from the other nodes and the routers (not from the database, "
                   "nor from clients that talk to it directly); heal after writes resumed")
    split_brain = True
    minimum_hold = 15.0  # until the cut-off side has declared everyone dead (its probes slow down as its local health score rises)
    starts_when_done = True
    nowhere = "02:00:00:00:de:ad"

    def pairs(self, cluster):
        victim = cluster.hosts[self.victim]
        others = [cluster.hosts[name] for name in NODES + ROUTERS if name != self.victim]
        return [(victim, other) for other in others] + [(other, victim) for other in others]

    def inject(self, cluster):
        for host, peer in self.pairs(cluster):
            subprocess.run(["ip", "-n", host.namespace, "neigh", "replace", peer.address, "lladdr", self.nowhere,
                            "nud", "permanent", "dev", "eth0"], check=True)

    def repair(self, cluster):
        for host, peer in self.pairs(cluster):
            subprocess.run(["ip", "-n", host.namespace, "neigh", "del", peer.address, "dev", "eth0"], check=False)


class PartitionByRoute(PartitionNode):
    """The same cut made with `blackhole` routes, whose sendto() fails with EINVAL: not in the
    default list; it shows what a local firewall or a missing route does to gossip."""

    name = "partition-route"
    description = "like partition, with blackhole routes (sendto fails with EINVAL on both sides)"

    def inject(self, cluster):
        for host, peer in self.pairs(cluster):
            subprocess.run(["ip", "-n", host.namespace, "route", "add", "blackhole", f"{peer.address}/32"], check=True)

    def repair(self, cluster):
        for host, peer in self.pairs(cluster):
            subprocess.run(["ip", "-n", host.namespace, "route", "del", "blackhole", f"{peer.address}/32"], check=False)


class PauseNode(Fault):
    name = "pause"
    description = "SIGSTOP the serving node for 8 s (past the dead timeout), then SIGCONT"
    split_brain = True
    minimum_hold = 8.0
    maximum_hold = 8.0

    def inject(self, cluster):
        cluster.services[self.victim].signal(signal.SIGSTOP)

    def repair(self, cluster):
        cluster.services[self.victim].signal(signal.SIGCONT)


class RestartDirectory(Fault):
    name = "slapd"
    description = "stop slapd, start it again 3 s later"
    node_fault = False
    needs_failover = False
    minimum_hold = 3.0
    maximum_hold = 3.0

    def inject(self, cluster):
        cluster.services["slapd"].stop()

    def repair(self, cluster):
        cluster.start_directory()


class RestartDatabase(Fault):
    name = "mariadb"
    description = "stop MariaDB (SIGTERM, wait until it exited), start it again"
    node_fault = False
    needs_failover = False
    minimum_hold = 0.0
    maximum_hold = 0.0

    def inject(self, cluster):
        cluster.services["mariadb"].stop(timeout=60)

    def repair(self, cluster):
        cluster.start_database()


FAULTS = {f.name: f for f in [KillNode, PartitionNode, PartitionByRoute, PauseNode, RestartDirectory, RestartDatabase]}
# Node faults hit the node serving a different server each, so each drill starts from the state
# the previous one left (no failback: a restarted node stays standby).
DEFAULT_ORDER = [("kill", "s1"), ("partition", "s2"), ("pause", "s3"), ("slapd", None), ("mariadb", None)]
