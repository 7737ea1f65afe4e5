"""The drills' write load: one thread per user creates items in the user's Inbox through the
routers, each with a subject never used before (`drill-<phase>-<user>-<seq>`), and records
every attempt: subject, when it was sent and answered, acknowledged or the fault. A write that
was not acknowledged is never sent again (it may or may not have landed); only acknowledged
ones must be in the store, exactly once.

`DirectWriter` is the split-brain client: it logs on at one node directly (the one serving the
user's server before the fault) and keeps writing there, whatever happens, never redirected."""

import threading
import time

import soap


class Recorder:
    """Every attempt of every writer, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.attempts = []

    def add(self, record):
        with self.lock:
            self.attempts.append(record)

    def snapshot(self):
        with self.lock:
            return list(self.attempts)


class LoadState:
    """What the orchestrator changes while the writers run: the phase name in subjects, stop."""

    def __init__(self):
        self.phase = "warmup"
        self.stop = threading.Event()


class Writer(threading.Thread):
    """Writes for one user until stopped. `endpoints` are tried in turn, the next one after a
    connection error or a timeout (a client behind DNS with several routers)."""

    kind = "routed"

    def __init__(self, user, password, server, endpoints, recorder, state, interval=0.05, timeout=2.0, tag=""):
        super().__init__(name=f"writer-{user}{tag}", daemon=True)
        self.user, self.password, self.server = user, password, server
        self.endpoints = endpoints  # [(name, soap.Endpoint)]
        self.current = 0
        self.recorder, self.state = recorder, state
        self.interval, self.timeout, self.tag = interval, timeout, tag
        self.session = None
        self.inbox = None
        self.sequence = 0
        self.logons = 0
        self.halt = threading.Event()

    @property
    def endpoint(self):
        return self.endpoints[self.current % len(self.endpoints)]

    def switch(self):
        self.current += 1

    def stopped(self):
        return self.state.stop.is_set() or self.halt.is_set()

    def log_on(self):
        name, endpoint = self.endpoint
        try:
            session, _ = soap.logon(endpoint, self.user, self.password, timeout=self.timeout)
            if self.inbox is None:
                self.inbox = soap.inbox_entry_id(endpoint, session)
            self.session = session
            self.logons += 1
            return True
        except soap.Fault as fault:
            if fault.on_the_wire:
                self.switch()
            self.last_logon_error = f"{name}: {fault}"
            return False

    def run(self):
        while not self.stopped():
            if self.session is None:
                if not self.log_on():
                    time.sleep(0.1)
                    continue
            self.sequence += 1
            subject = f"drill-{self.state.phase}-{self.user}{self.tag}-{self.sequence:06d}"
            name, endpoint = self.endpoint
            record = {"user": self.user, "server": self.server, "kind": self.kind, "via": name,
                      "phase": self.state.phase, "subject": subject, "sent": time.time()}
            try:
                soap.create_item(endpoint, self.session, self.inbox, subject, timeout=self.timeout)
                record.update(ok=True, fault=None)
            except soap.Fault as fault:
                record.update(ok=False, fault=fault.name, text=fault.text[:160])
                self.on_fault(fault)
            record["done"] = time.time()
            self.recorder.add(record)
            spent = record["done"] - record["sent"]
            time.sleep(max(0.0, self.interval - spent) if record["ok"] else 0.05)

    def on_fault(self, fault):
        if fault.name == "MAPI_E_END_OF_SESSION":
            self.session = None
        elif fault.on_the_wire:
            self.switch()


class DirectWriter(Writer):
    """Talks to one node only (`endpoints` has one entry) and never follows a redirect."""

    kind = "direct"

    def on_fault(self, fault):
        if fault.name == "MAPI_E_END_OF_SESSION":
            self.session = None
