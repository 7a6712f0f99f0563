#!/usr/bin/env python3
"""The production configuration, tested without containers.

There is no Docker engine here, so this reads docker-compose.yml and starts each service
as a separate process with exactly the environment Compose would give it: anchors and
merges resolved, `${VAR}`, `${VAR:-default}` and `${VAR:?message}` interpolated from a
test .env. Only what a container network changes is rewritten: service host names and
bind addresses become loopback ports, and mounted paths (/keys, /data) temporary
directories. Then, in Compose's order: the PostgreSQL init script creates the service
databases and roles on a real PostgreSQL server (LT_TEST_PG_URL), the operator makes the
signing keys (`identity keys rotate`), `migrate` runs once, identity and the gateway
start, their Compose healthchecks must pass, and requests go through the gateway.

Usage: compose_env.py TARGET_DIR   (binaries: TARGET_DIR/identity, TARGET_DIR/gateway)
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INTERPOLATION = re.compile(r"\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}")


def fail(message):
    print(f"compose_env: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def interpolate(value, dotenv):
    def replace(match):
        name, kind, argument = match.group(1), match.group(2), match.group(3)
        present = dotenv.get(name, "")
        if kind == "-":
            return present or argument
        if kind == "?":
            if not present:
                fail(f"${{{name}}} is required by docker-compose.yml: {argument}")
            return present
        return present

    return INTERPOLATION.sub(replace, str(value))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, headers=None, body=None):
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_ready(url, log_path, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    with open(log_path) as f:
        fail(f"{url} not ready within {seconds} s; its log ends:\n{f.read()[-3000:]}")


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug")
    admin_url = os.environ.get("LT_TEST_PG_URL")
    if not admin_url:
        fail("LT_TEST_PG_URL (a PostgreSQL superuser URL) is required")
    pg = urllib.parse.urlparse(admin_url)

    with open(os.path.join(ROOT, "docker-compose.yml")) as f:
        compose = yaml.safe_load(f)
    with open(os.path.join(ROOT, ".env.example")) as f:
        documented = {line.split("=", 1)[0].strip() for line in f if re.match(r"^[A-Z0-9_]+=", line)}
    with open(os.path.join(ROOT, "docker-compose.yml")) as f:
        live = "".join(line for line in f if not line.lstrip().startswith("#"))
    used = set(INTERPOLATION.findall(live))
    missing = sorted({name for name, _, _ in used} - documented)
    if missing:
        fail(f".env.example does not document {missing}")

    work = tempfile.mkdtemp(prefix="lt-compose-")
    processes = []
    try:
        dotenv = {
            "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
            "IDENTITY_DB_PASSWORD": secrets.token_urlsafe(16),
            "BOOTSTRAP_ADMIN_PASSWORD": "compose-" + secrets.token_urlsafe(12),
        }
        ports = {"identity": free_port(), "gateway": free_port()}
        keys_dir, data_dir = os.path.join(work, "keys"), os.path.join(work, "data")
        os.makedirs(data_dir)
        gateway_ip = compose["services"]["gateway"]["networks"]["backend"]["ipv4_address"]

        def rewrite(value):
            value = value.replace("@postgres:5432", f"@{pg.hostname}:{pg.port}")
            for name, port in ports.items():
                value = re.sub(rf"^http://{name}:\d+", f"http://127.0.0.1:{port}", value)
            value = re.sub(r"^0\.0\.0\.0:(\d+)$", lambda m: "127.0.0.1:" + str({"8081": ports["identity"], "8080": ports["gateway"]}[m.group(1)]), value)
            value = value.replace(gateway_ip, "127.0.0.1")
            return {"/keys": keys_dir, "/data": data_dir}.get(value, value)

        def environment(service):
            env = compose["services"][service].get("environment", {})
            resolved = {key: rewrite(interpolate(value, dotenv)) for key, value in env.items()}
            return {"PATH": os.environ["PATH"], **resolved}

        def binary(command):
            return [os.path.join(target, command[0]), *command[1:]]

        # Start from no `identity` database, as the postgres container does. Only one this test
        # made (marked with a comment) is ever dropped: LT_TEST_PG_URL may be someone's server.
        def sql(statement, database="postgres"):
            url = admin_url.rsplit("/", 1)[0] + "/" + database
            return subprocess.run(["psql", url, "-tAc", statement], capture_output=True, text=True, check=True).stdout.strip()

        marker = "made by tests/compose/compose_env.py"
        if sql("SELECT 1 FROM pg_database WHERE datname = 'identity'") == "1":
            if sql("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'identity'") != marker:
                fail("the PostgreSQL server already has a database `identity` this test did not make; use a throwaway server")
            sql("DROP DATABASE identity WITH (FORCE)")

        # The postgres service's init script, with the postgres service's own environment.
        postgres_env = {key: interpolate(value, dotenv) for key, value in compose["services"]["postgres"]["environment"].items()}
        postgres_env.update({"PATH": os.environ["PATH"], "PGHOST": pg.hostname, "PGPORT": str(pg.port), "POSTGRES_USER": pg.username or "postgres"})
        for script in sorted(os.listdir(os.path.join(ROOT, "deploy", "postgres", "init"))):
            subprocess.run(["bash", os.path.join(ROOT, "deploy", "postgres", "init", script)], env=postgres_env, check=True)

        sql(f"COMMENT ON DATABASE identity IS '{marker}'")

        # The operator's one-time step (deploy/secrets/README.md): make the signing keys.
        subprocess.run(binary(["identity", "keys", "rotate"]), env=environment("identity"), check=True, stdout=subprocess.DEVNULL)
        # Production never generates keys itself: identity without them refuses to start.
        no_keys = environment("identity") | {"IDENTITY_KEYS_DIR": os.path.join(work, "no-keys")}
        refused = subprocess.run(binary(compose["services"]["identity"]["command"]), env=no_keys, capture_output=True, text=True, timeout=20)
        if refused.returncode == 0 or "no signing keys" not in refused.stderr + refused.stdout:
            fail(f"identity started without keys in production: {refused.stderr[-500:]}")

        migrate = subprocess.run(binary(compose["services"]["migrate"]["command"]), env=environment("migrate"), capture_output=True, text=True, timeout=60)
        if migrate.returncode != 0:
            fail(f"migrate exited {migrate.returncode}: {migrate.stderr[-2000:]}")
        # Run again, as a second replica's start-up would, and without the keys variable: it
        # needs only the database, and finds nothing left to apply.
        again_env = {k: v for k, v in environment("migrate").items() if k != "IDENTITY_KEYS_DIR"}
        again = subprocess.run(binary(compose["services"]["migrate"]["command"]), env=again_env, capture_output=True, text=True, timeout=60)
        if again.returncode != 0:
            fail(f"a second migrate exited {again.returncode}: {again.stderr[-2000:]}")

        for service in ["identity", "gateway"]:
            log = open(os.path.join(work, f"{service}.log"), "w")
            processes.append(subprocess.Popen(binary(compose["services"][service]["command"]), env=environment(service), stdout=log, stderr=subprocess.STDOUT))
            wait_ready(f"http://127.0.0.1:{ports[service]}/health/ready", os.path.join(work, f"{service}.log"))
            check = compose["services"][service]["healthcheck"]["test"]
            command = [part.replace(f"127.0.0.1:{'8081' if service == 'identity' else '8080'}", f"127.0.0.1:{ports[service]}") for part in check[1:]]
            if subprocess.run(command, capture_output=True).returncode != 0:
                fail(f"the compose healthcheck of {service} fails: {command}")

        base = f"http://127.0.0.1:{ports['gateway']}"
        status, body = get(f"{base}/health/upstreams")
        if status != 200 or json.loads(body)[0]["status"] != "up":
            fail(f"identity is not up behind the gateway: {body}")
        login = json.dumps({"username": "admin", "password": dotenv["BOOTSTRAP_ADMIN_PASSWORD"]}).encode()
        status, body = get(f"{base}/api/v1/auth/login", {"content-type": "application/json"}, login)
        if status != 200:
            fail(f"admin login through the gateway: {status} {body}")
        token = json.loads(body)["access_token"]
        status, body = get(f"{base}/api/v1/auth/me", {"authorization": f"Bearer {token}"})
        if status != 200 or json.loads(body)["roles"] != ["admin"]:
            fail(f"/me through the gateway: {status} {body}")
        unit = json.dumps({"name": "钟楼区", "kind": "district"}).encode()
        status, body = get(f"{base}/api/v1/identity/org-units", {"content-type": "application/json", "authorization": f"Bearer {token}"}, unit)
        if status != 201:
            fail(f"creating an org unit through the gateway: {status} {body}")
        with open(os.path.join(work, "identity.log")) as f:
            lines = [line for line in f if line.strip()]
        if not lines or not all(line.lstrip().startswith("{") for line in lines):
            fail("LOG_FORMAT=json: identity's log lines are not JSON")
        if any(dotenv["BOOTSTRAP_ADMIN_PASSWORD"] in line or token in line for line in lines):
            fail("a secret appeared in identity's log")
        print("compose_env: migrate, identity and gateway ran with the compose environment on PostgreSQL: 1 passed, 0 failed")
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
