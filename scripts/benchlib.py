"""What the domain benchmarks (scripts/bench-training, scripts/bench-reading) share: a
throwaway PostgreSQL cluster, the whole system started from the release launcher, HTTP calls,
wrk runs with their figures parsed, and the script's own section of docs/bench.md.

Not a benchmark itself; imported by the scripts beside it.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


def services():
    """Every service the launcher starts (its registry, `learning-tree services`)."""
    out = subprocess.run([f"{TARGET}/release/learning-tree", "services"], capture_output=True, text=True, check=True).stdout
    return [s["name"] for s in json.loads(out)]


def log(message):
    print(f"== {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, token=None, body=None, form=None, raw=None, content_type=None):
    """(status, parsed JSON body or text) of one request."""
    headers = {}
    data = None
    if token:
        headers["authorization"] = f"Bearer {token}"
    if body is not None:
        headers["content-type"] = "application/json"
        data = json.dumps(body).encode()
    if form is not None:
        headers["content-type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(form).encode()
    if raw is not None:
        headers["content-type"] = content_type
        data = raw
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def expect(result, status, what):
    if result[0] != status:
        raise SystemExit(f"{what}: {result[0]} {result[1]}")
    return result[1]


def wrk(url, script, connections=16):
    """Figures of one wrk run (`-t1`, BENCH_SECONDS long) against `url` with a Lua script."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "10s", "--latency", "-s", script, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    shown = " ".join(os.path.basename(part) if part.endswith(".lua") else part for part in command[:-1])
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "requests": total, "non2xx": non2xx,
            "command": shown + " <gateway>" + url[url.index("/api"):]}


def get_script(path, token):
    """A wrk script sending GETs with `token`."""
    with open(path, "w") as f:
        f.write(f'wrk.method = "GET"\nwrk.headers["Authorization"] = "Bearer {token}"\n')
    return path


def sql_median(url, query, runs=5):
    """Median server time (ms, psql's \\timing) of `query`, after one warm-up run."""
    subprocess.run(["psql", url, "-qAtc", query], check=True, capture_output=True)
    timings = []
    for _ in range(runs):
        out = subprocess.run(["psql", url, "-qAt", "-c", "\\timing on", "-c", query], capture_output=True, text=True, check=True).stdout
        timings.append(float(re.findall(r"Time: ([\d.]+) ms", out)[-1]))
    timings.sort()
    return timings[len(timings) // 2]


class System:
    """A throwaway PostgreSQL cluster (as user `postgres` when run as root) with one database
    per service, and the launcher (`target/release/learning-tree`) started on it; stopped and
    removed on exit."""

    def __init__(self, prefix):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.processes = []
        self.pg = None
        self.base = None
        self.password = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None and os.path.exists(self.path("system.log")):
            with open(self.path("system.log")) as f:
                print("--- the system's log (last lines)", *f.readlines()[-20:], sep="\n", file=sys.stderr)
        if os.environ.get("BENCH_KEEP_LOG") and os.path.exists(self.path("system.log")):
            shutil.copy(self.path("system.log"), os.environ["BENCH_KEEP_LOG"])
        for process in self.processes:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.pg:
            run_as, bindir, pg_dir = self.pg
            subprocess.run(run_as + [f"{bindir}/pg_ctl", "-D", f"{pg_dir}/data", "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)
        return False

    def path(self, name):
        return os.path.join(self.work, name)

    def build(self, *packages):
        log("release build")
        command = ["cargo", "build", "--release", "--quiet", "-p", "learning-tree"]
        for package in packages:
            command += ["-p", package]
        subprocess.run(command, cwd=ROOT, check=True)

    def postgres(self):
        """Starts the cluster and creates every service's database; the service env."""
        for tool in ["wrk", "psql"]:
            if not shutil.which(tool):
                raise SystemExit(f"{tool} is needed (apt-get install wrk postgresql)")
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip() or "/usr/lib/postgresql/15/bin"
        port = free_port()
        pg_dir = self.path("pg")
        os.makedirs(pg_dir)
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if run_as:
            shutil.chown(pg_dir, "postgres")
            os.chmod(self.work, 0o755)
        subprocess.run(run_as + [f"{bindir}/initdb", "-D", f"{pg_dir}/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(run_as + [f"{bindir}/pg_ctl", "-D", f"{pg_dir}/data", "-l", f"{pg_dir}/log", "-w", "-o",
                                 f"-p {port} -k {pg_dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        self.pg = (run_as, bindir, pg_dir)
        # BENCH_RUST_LOG (e.g. `warn,contest=info`) and BENCH_KEEP_LOG=path: to see inside a run.
        self.env = dict(os.environ, RUST_LOG=os.environ.get("BENCH_RUST_LOG", "warn"))
        self.urls = {}
        self.services = services()
        for name in self.services:
            subprocess.run(["psql", f"postgres://postgres@127.0.0.1:{port}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
            self.urls[name] = f"postgres://postgres@127.0.0.1:{port}/{name}"
            self.env[f"{name.upper()}_DATABASE_URL"] = self.urls[name]
        self.pg_version = subprocess.run(["psql", self.urls["identity"], "-qAtc", "SHOW server_version"], capture_output=True, text=True).stdout.split()[0]
        return self.env

    def start(self):
        """Starts the launcher (fast password hashing, the gateway's rate limit out of the
        way) and waits for every upstream; the bootstrap admin's token."""
        gateway_port = free_port()
        self.password = "bench-" + os.urandom(9).hex()
        env = dict(self.env, DATA_DIR=self.path("data"), BOOTSTRAP_ADMIN_PASSWORD=self.password, IDENTITY_PASSWORD_HASH="fast",
                   GATEWAY_ADDR=f"127.0.0.1:{gateway_port}", GATEWAY_RATE_LIMIT_PER_MINUTE="100000000", DB_MAX_CONNECTIONS="16")
        for name in self.services:
            env[f"{name.upper()}_ADDR"] = "127.0.0.1:0"
        log_file = open(self.path("system.log"), "w")
        self.processes.append(subprocess.Popen([f"{TARGET}/release/learning-tree"], env=env, stdout=log_file, stderr=subprocess.STDOUT))
        self.base = f"http://127.0.0.1:{gateway_port}"
        token = None
        for _ in range(300):
            try:
                # The admin's token once identity answers; then every upstream up
                # (/health/upstreams is for admins and service accounts).
                if token is None:
                    status, body = call(self.base, "POST", "/api/v1/auth/login", body={"username": "admin", "password": self.password})
                    token = body["access_token"] if status == 200 else None
                if token is not None:
                    status, upstreams = call(self.base, "GET", "/health/upstreams", token)
                    if status == 200 and all(u["status"] == "up" for u in upstreams):
                        break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("the system did not come up; see " + self.path("system.log"))
        return token

    def login(self, username, password):
        return expect(call(self.base, "POST", "/api/v1/auth/login", body={"username": username, "password": password}), 200, f"login {username}")["access_token"]

    def call(self, method, path, token=None, **kwargs):
        return call(self.base, method, path, token, **kwargs)


def provenance(command):
    """The line naming when, how and at which commit the figures were taken."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return f"- date: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; command: `{command}`; commit {commit}{' (with uncommitted changes)' if dirty else ''}"


def wrk_table(rows):
    lines = ["| target | requests/s | p50 (ms) | p99 (ms) | requests | non-2xx |", "|---|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['requests']} | {r['non2xx']} |")
    return lines


def write_section(name, section):
    """Replaces (or appends) the `<!-- bench-{name} -->` block of docs/bench.md."""
    path = os.path.join(ROOT, "docs", "bench.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    begin, end = f"<!-- bench-{name} -->", f"<!-- /bench-{name} -->"
    block = f"{begin}\n{section}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    open(path, "w").write(text)
    print(section)
