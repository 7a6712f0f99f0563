#!/usr/bin/env python3
"""The production configuration, tested without containers.

There is no Docker engine here, so this reads docker-compose.yml and starts each service
as a separate process with exactly the environment Compose would give it: anchors and
merges resolved, `${VAR}`, `${VAR:-default}` and `${VAR:?message}` interpolated from a
test .env. Only what a container network changes is rewritten: service host names and
bind addresses become loopback ports, and mounted paths (/keys, /data) temporary
directories.

The services come from the platform's registry (`learning-tree services`): the file must
carry every registered service in the shape docs/adding-a-service.md describes (its own
database and migration job, its address, its URL at the gateway, its directory account).
Then, in Compose's order: the PostgreSQL init script creates the service databases and
roles on a real PostgreSQL server (LT_TEST_PG_URL), the operator makes the signing keys
(`identity keys rotate`), each `migrate-<service>` runs (twice), every service and the
gateway start, their Compose healthchecks must pass, and requests go through the gateway.

Usage: compose_env.py TARGET_DIR   (binaries: TARGET_DIR/learning-tree, identity, gateway, …)
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
MARKER = "made by tests/compose/compose_env.py"


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


def check_shape(compose, registry):
    """Every registered service is in the file as docs/adding-a-service.md says."""
    services = compose["services"]
    gateway_env = services["gateway"].get("environment", {})
    gateway_deps = services["gateway"].get("depends_on", {})
    postgres_env = services["postgres"].get("environment", {})
    identity_clients = str(services["identity"]["environment"].get("IDENTITY_DIRECTORY_CLIENTS", ""))
    for spec in registry:
        name, port = spec["name"], spec["default_port"]
        upper = name.upper()
        where = f"docker-compose.yml, service {name}"
        if name not in services:
            fail(f"{where}: missing (every registered service runs in compose)")
        service, migrate = services[name], services.get(f"migrate-{name}")
        env = service.get("environment", {})
        if service.get("command") != [name, "serve"]:
            fail(f"{where}: command must be [{name!r}, 'serve']")
        if migrate is None or migrate.get("command") != [name, "migrate"]:
            fail(f"{where}: needs a one-shot migrate-{name} running [{name!r}, 'migrate']")
        if service.get("depends_on", {}).get(f"migrate-{name}", {}).get("condition") != "service_completed_successfully":
            fail(f"{where}: must start after migrate-{name} completed")
        if env.get(spec["addr_variable"]) != f"0.0.0.0:{port}":
            fail(f"{where}: {spec['addr_variable']} must be 0.0.0.0:{port}")
        url = f"postgres://{name}:${{{upper}_DB_PASSWORD"
        for job, job_env in [(name, env), (f"migrate-{name}", migrate.get("environment", {}))]:
            if not str(job_env.get(spec["database_variable"], "")).startswith(url):
                fail(f"docker-compose.yml, {job}: {spec['database_variable']} must be its own database ({url}…)")
        if f"{upper}_DB_PASSWORD" not in postgres_env:
            fail(f"docker-compose.yml, postgres: {upper}_DB_PASSWORD missing (its database is made from it)")
        if gateway_env.get(spec["url_variable"]) != f"http://{name}:{port}":
            fail(f"docker-compose.yml, gateway: {spec['url_variable']} must be http://{name}:{port}")
        if gateway_deps.get(name, {}).get("condition") != "service_healthy":
            fail(f"docker-compose.yml, gateway: must depend on a healthy {name}")
        if f"127.0.0.1:{port}/health/ready" not in " ".join(service.get("healthcheck", {}).get("test", [])):
            fail(f"{where}: its healthcheck must ask 127.0.0.1:{port}/health/ready")
        if spec["directory"]:
            secret = spec["directory_secret_variable"]
            if not str(env.get(secret, "")).startswith(f"${{{secret}"):
                fail(f"{where}: {secret} must come from .env")
            if f"{name}:${{{secret}" not in identity_clients:
                fail(f"docker-compose.yml, identity: IDENTITY_DIRECTORY_CLIENTS must list {name}:${{{secret}}}")
            if env.get("IDENTITY_URL") != "http://identity:8081":
                fail(f"{where}: IDENTITY_URL must be http://identity:8081")
            if services[name].get("depends_on", {}).get("identity", {}).get("condition") != "service_healthy":
                fail(f"{where}: must start after identity is healthy (its directory copy)")


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug")
    admin_url = os.environ.get("LT_TEST_PG_URL")
    if not admin_url:
        fail("LT_TEST_PG_URL (a PostgreSQL superuser URL) is required")
    pg = urllib.parse.urlparse(admin_url)
    registry = json.loads(subprocess.run([os.path.join(target, "learning-tree"), "services"], capture_output=True, text=True, check=True).stdout)

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
    check_shape(compose, registry)

    work = tempfile.mkdtemp(prefix="lt-compose-")
    processes = []
    try:
        dotenv = {"POSTGRES_PASSWORD": secrets.token_urlsafe(16), "BOOTSTRAP_ADMIN_PASSWORD": "compose-" + secrets.token_urlsafe(12)}
        for spec in registry:
            dotenv[f"{spec['name'].upper()}_DB_PASSWORD"] = secrets.token_hex(16)
            if spec["directory"]:
                dotenv[spec["directory_secret_variable"]] = secrets.token_hex(24)
        names = [spec["name"] for spec in registry]
        ports = {name: free_port() for name in names + ["gateway"]}
        by_default_port = {str(spec["default_port"]): spec["name"] for spec in registry}
        by_default_port["8080"] = "gateway"
        keys_dir, data_dir = os.path.join(work, "keys"), os.path.join(work, "data")
        os.makedirs(data_dir)
        gateway_ip = compose["services"]["gateway"]["networks"]["backend"]["ipv4_address"]

        def rewrite(value):
            value = value.replace("@postgres:5432", f"@{pg.hostname}:{pg.port}")
            for name, port in ports.items():
                value = re.sub(rf"^http://{name}:\d+", f"http://127.0.0.1:{port}", value)
            value = re.sub(r"^0\.0\.0\.0:(\d+)$", lambda m: f"127.0.0.1:{ports[by_default_port[m.group(1)]]}", value)
            value = value.replace(gateway_ip, "127.0.0.1")
            return {"/keys": keys_dir, "/data": data_dir}.get(value, value)

        def environment(service):
            env = compose["services"][service].get("environment", {})
            resolved = {key: rewrite(interpolate(value, dotenv)) for key, value in env.items()}
            return {"PATH": os.environ["PATH"], **resolved}

        def binary(command):
            return [os.path.join(target, command[0]), *command[1:]]

        # Start from no service databases, as the postgres container does. Only ones this test
        # made (marked with a comment) are ever dropped: LT_TEST_PG_URL may be someone's server.
        def sql(statement, database="postgres"):
            url = admin_url.rsplit("/", 1)[0] + "/" + database
            return subprocess.run(["psql", url, "-tAc", statement], capture_output=True, text=True, check=True).stdout.strip()

        for name in names:
            if sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1":
                if sql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'") != MARKER:
                    fail(f"the PostgreSQL server already has a database `{name}` this test did not make; use a throwaway server")
                sql(f"DROP DATABASE {name} WITH (FORCE)")

        # The postgres service's init script, with the postgres service's own environment.
        postgres_env = {key: interpolate(value, dotenv) for key, value in compose["services"]["postgres"]["environment"].items()}
        postgres_env.update({"PATH": os.environ["PATH"], "PGHOST": pg.hostname, "PGPORT": str(pg.port), "POSTGRES_USER": pg.username or "postgres"})
        for script in sorted(os.listdir(os.path.join(ROOT, "deploy", "postgres", "init"))):
            subprocess.run(["bash", os.path.join(ROOT, "deploy", "postgres", "init", script)], env=postgres_env, check=True)
        for name in names:
            sql(f"COMMENT ON DATABASE {name} IS '{MARKER}'")

        # The operator's one-time step (deploy/secrets/README.md): make the signing keys.
        subprocess.run(binary(["identity", "keys", "rotate"]), env=environment("identity"), check=True, stdout=subprocess.DEVNULL)
        # Production never generates keys itself: identity without them refuses to start.
        no_keys = environment("identity") | {"IDENTITY_KEYS_DIR": os.path.join(work, "no-keys")}
        refused = subprocess.run(binary(compose["services"]["identity"]["command"]), env=no_keys, capture_output=True, text=True, timeout=20)
        if refused.returncode == 0 or "no signing keys" not in refused.stderr + refused.stdout:
            fail(f"identity started without keys in production: {refused.stderr[-500:]}")

        for name in names:
            job = f"migrate-{name}"
            migrate = subprocess.run(binary(compose["services"][job]["command"]), env=environment(job), capture_output=True, text=True, timeout=60)
            if migrate.returncode != 0:
                fail(f"{job} exited {migrate.returncode}: {migrate.stderr[-2000:]}")
            # Again, as a second replica's start-up would, and without the keys variable: it
            # needs only the database, and finds nothing left to apply.
            again_env = {k: v for k, v in environment(job).items() if k != "IDENTITY_KEYS_DIR"}
            again = subprocess.run(binary(compose["services"][job]["command"]), env=again_env, capture_output=True, text=True, timeout=60)
            if again.returncode != 0:
                fail(f"a second {job} exited {again.returncode}: {again.stderr[-2000:]}")

        for service in names + ["gateway"]:
            log = open(os.path.join(work, f"{service}.log"), "w")
            processes.append(subprocess.Popen(binary(compose["services"][service]["command"]), env=environment(service), stdout=log, stderr=subprocess.STDOUT))
            wait_ready(f"http://127.0.0.1:{ports[service]}/health/ready", os.path.join(work, f"{service}.log"))
            check = compose["services"][service]["healthcheck"]["test"]
            default = "8080" if service == "gateway" else str(registry[names.index(service)]["default_port"])
            command = [part.replace(f"127.0.0.1:{default}", f"127.0.0.1:{ports[service]}") for part in check[1:]]
            if subprocess.run(command, capture_output=True).returncode != 0:
                fail(f"the compose healthcheck of {service} fails: {command}")

        base = f"http://127.0.0.1:{ports['gateway']}"
        for spec in registry:
            if spec["directory"]:
                status, body = get(f"http://127.0.0.1:{ports[spec['name']]}/health/ready")
                if status != 200 or json.loads(body)["checks"]["directory"]["state"] != "fresh":
                    fail(f"{spec['name']}'s directory copy (account from IDENTITY_DIRECTORY_CLIENTS) is not fresh: {body}")
        login = json.dumps({"username": "admin", "password": dotenv["BOOTSTRAP_ADMIN_PASSWORD"]}).encode()
        status, body = get(f"{base}/api/v1/auth/login", {"content-type": "application/json"}, login)
        if status != 200:
            fail(f"admin login through the gateway: {status} {body}")
        token = json.loads(body)["access_token"]
        # /health/upstreams is for admins and service accounts.
        status, body = get(f"{base}/health/upstreams", {"authorization": f"Bearer {token}"})
        upstreams = json.loads(body) if status == 200 else []
        if sorted(u["service"] for u in upstreams if u["status"] == "up") != sorted(names):
            fail(f"not every service is up behind the gateway: {body}")
        status, body = get(f"{base}/api/v1/auth/me", {"authorization": f"Bearer {token}"})
        if status != 200 or json.loads(body)["roles"] != ["admin"]:
            fail(f"/me through the gateway: {status} {body}")
        unit = json.dumps({"name": "钟楼区", "kind": "district"}).encode()
        status, body = get(f"{base}/api/v1/identity/org-units", {"content-type": "application/json", "authorization": f"Bearer {token}"}, unit)
        if status != 201:
            fail(f"creating an org unit through the gateway: {status} {body}")
        secrets_to_hide = [dotenv["BOOTSTRAP_ADMIN_PASSWORD"], token] + [v for k, v in dotenv.items() if k.endswith(("_DB_PASSWORD", "_DIRECTORY_SECRET"))]
        for service in names + ["gateway"]:
            with open(os.path.join(work, f"{service}.log")) as f:
                lines = [line for line in f if line.strip()]
            if not lines or not all(line.lstrip().startswith("{") for line in lines):
                fail(f"LOG_FORMAT=json: {service}'s log lines are not JSON")
            if any(secret in line for secret in secrets_to_hide for line in lines):
                fail(f"a secret appeared in {service}'s log")
        print(f"compose_env: {', '.join(names)} and the gateway ran with the compose environment on PostgreSQL: 1 passed, 0 failed")
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
