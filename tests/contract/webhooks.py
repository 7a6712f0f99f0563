"""Webhooks checked with the Standard Webhooks reference verifier (PyPI `standardwebhooks`),
against the running system of scripts/contract: a receiver on loopback answers 500 twice and
then 200; the three attempts carry one `webhook-id`, each verifies, and the same message with
one byte of the body changed does not.

Usage: python3 tests/contract/webhooks.py <gateway base URL> <admin token>
"""
import http.server
import json
import sys
import threading
import time
import urllib.request

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

base, token = sys.argv[1], sys.argv[2]
received = []
answers = [500, 500]


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(answers.pop(0) if answers else 200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()


def call(method, path, body):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode(),
                                     headers={"authorization": "Bearer " + token, "content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


subscription = call("POST", "/api/v1/events/subscriptions", {
    "url": f"http://127.0.0.1:{server.server_port}/hooks", "event_types": ["training.course.*"],
    "description": "contract run: reference verifier"})
call("POST", "/api/v1/training/courses", {"title": "每月一讲：数字政府建设", "kind": "monthly_lecture",
                                         "mechanism": "team_learning", "credit_hours": "2.00", "full_time": False})
deadline = time.time() + 60
while len(received) < 3 and time.time() < deadline:
    time.sleep(0.1)
assert len(received) == 3, f"expected 3 attempts, got {len(received)}"
ids = {headers["webhook-id"] for headers, _ in received}
assert len(ids) == 1, f"one webhook-id on every attempt, got {ids}"
verifier = Webhook(subscription["secret"])
for headers, body in received:
    payload = verifier.verify(body, headers)
    assert payload["type"] == "training.course.created", payload
headers, body = received[-1]
tampered = bytearray(body)
tampered[len(tampered) // 2] ^= 0x01
try:
    verifier.verify(bytes(tampered), headers)
except WebhookVerificationError:
    pass
else:
    raise AssertionError("a changed byte still verified")
print("standardwebhooks: 3 attempts, one webhook-id, every signature verifies, a changed byte does not")
