"""Schemathesis hooks for the contract run (loaded through SCHEMATHESIS_HOOKS).

The fuzzer draws header values from a small pool, so it would send one Idempotency-Key
with many different bodies. The API then answers, as the IETF draft says, 422
`idempotency_key_reused` or replays an old answer, and Schemathesis would report those
correct answers as failures. A real client sends a fresh key for each new request, so this
hook gives every well-formed key a fresh UUID. Malformed keys (negative tests) are left as
they are. Key reuse itself is covered by tests/tests/platform/idempotency.rs.
"""

import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"^[!-~]{1,255}$")


@schemathesis.hook
def before_call(context, case, **kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and WELL_FORMED.match(headers[name]):
            headers[name] = str(uuid.uuid4())
