"""The whole system killed with SIGKILL between a commit and its delivery, then restarted:
the event still arrives, with the webhook-id it had.

Starts the launcher (`cargo run --release`'s binary) on a scratch DATA_DIR — SQLite, or fresh
PostgreSQL databases when a server URL is given — subscribes a loopback receiver that first
refuses (503), commits an event (a course), waits until a delivery attempt was refused (the
event is committed and relayed, not delivered), kills the process with SIGKILL, lets the
receiver accept, restarts the system on the same data, and waits for the event.

Usage: python3 tests/faults/kill_restart.py <learning-tree binary> [postgres server URL]
"""
import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

binary = sys.argv[1]
server_url = sys.argv[2].rsplit("/", 1)[0] if len(sys.argv) > 2 else None
received = []
accepting = threading.Event()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        received.append((self.headers["webhook-id"], body, accepting.is_set()))
        self.send_response(200 if accepting.is_set() else 503)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


work = tempfile.mkdtemp(prefix="lt-kill-")
password = "kill-" + secrets.token_urlsafe(18)
gateway = free_port()
services = json.loads(subprocess.check_output([binary, "services"]))
env = dict(os.environ, DATA_DIR=work + "/data", BOOTSTRAP_ADMIN_PASSWORD=password, IDENTITY_PASSWORD_HASH="fast",
           GATEWAY_ADDR=f"127.0.0.1:{gateway}", GATEWAY_RATE_LIMIT_PER_MINUTE="1000000", RUST_LOG="warn", NO_COLOR="1",
           EVENTS_ALLOWED_TARGETS="127.0.0.1", EVENTS_RETRY_SCHEDULE="1s,1s,1s,1s,1s,1s,1s,1s,1s,1s")
for service in services:
    env[service["addr_variable"]] = "127.0.0.1:0"
databases = []
if server_url:
    suffix = secrets.token_hex(4)
    for service in services:
        name = f"lt_kill_{service['name']}_{suffix}"
        subprocess.check_call(["psql", "-q", "-X", f"{server_url}/postgres", "-c", f"CREATE DATABASE {name}"])
        databases.append(name)
        env[service["database_variable"]] = f"{server_url}/{name}"
base = f"http://127.0.0.1:{gateway}"


def start():
    log = open(work + "/system.log", "ab")
    return subprocess.Popen([binary], env=env, stdout=log, stderr=log)


def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"content-type": "application/json",
                                              **({"authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def sign_in():
    for _ in range(300):
        try:
            return call("POST", "/api/v1/auth/login", {"username": "admin", "password": password})["access_token"]
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise SystemExit("the system never came up: " + open(work + "/system.log", errors="replace").read()[-2000:])


def wait(what, until, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if until():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


system = start()
try:
    token = sign_in()
    wait("every service up", lambda: all(u["status"] == "up" for u in call("GET", "/health/upstreams", token=token)))
    call("POST", "/api/v1/events/subscriptions", {"url": f"http://127.0.0.1:{receiver.server_port}/hook",
                                                 "event_types": ["training.course.created"]}, token)
    course = call("POST", "/api/v1/training/courses", {"title": "周末课堂：应急管理", "kind": "weekend_class",
                                                        "mechanism": "team_learning", "credit_hours": "2.00",
                                                        "full_time": False}, token)
    wait("a refused attempt", lambda: len(received) >= 1)
    event_id = received[0][0]
    system.send_signal(signal.SIGKILL)
    system.wait()
    attempts_before = len(received)
    accepting.set()
    system = start()
    wait("the event after the restart", lambda: any(accepted for _, _, accepted in received))
    delivered = [(i, body) for i, body, accepted in received if accepted]
    assert delivered[0][0] == event_id, (delivered[0][0], event_id)
    assert json.loads(delivered[0][1])["data"]["id"] == course["id"]
    print(f"kill -9 and restart ({'PostgreSQL' if server_url else 'SQLite'}): the event arrived after "
          f"{attempts_before} refused attempt(s), same webhook-id")
finally:
    system.kill()
    system.wait()
    receiver.shutdown()
    for name in databases:
        subprocess.run(["psql", "-q", "-X", f"{server_url}/postgres", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
