"""The printable learning archive, printed as a unit would: headless Chromium prints
`GET /api/v1/programme/archive/me?format=html` to PDF (A4), and `pdftotext` must find the
cadre's name and a course title in it as text (Chinese rendered, not boxes).

Usage: python3 tests/contract/archive_print.py <gateway base URL> <admin token>
"""
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

base, admin = sys.argv[1], sys.argv[2]


def call(method, path, token=None, body=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text and response.headers.get_content_type() == "application/json" else text


tag = secrets.token_hex(3)
unit = call("POST", "/api/v1/identity/org-units", admin, {"name": f"区档案局{tag}", "kind": "department"})["id"]
person = call("POST", "/api/v1/identity/people", admin, {"employee_no": f"P{tag}", "name": "欧阳明远", "org_unit_id": unit, "rank": "一级主任科员"})["id"]
call("POST", f"/api/v1/identity/people/{person}/account", admin, {"username": f"print{tag}", "password": "initial-password-1", "roles": ["cadre"]})
call("POST", "/api/v1/auth/password", body={"username": f"print{tag}", "current_password": "initial-password-1", "new_password": "print-password-1"})
cadre = call("POST", "/api/v1/auth/login", body={"username": f"print{tag}", "password": "print-password-1"})["access_token"]
title = "周末课堂：公文写作与档案管理"
course = call("POST", "/api/v1/training/courses", admin, {"title": title, "kind": "weekend_class", "mechanism": "team_learning", "credit_hours": "3.00", "full_time": False})["id"]
starts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
ends = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 7200))
session = call("POST", f"/api/v1/training/courses/{course}/sessions", admin, {"starts_at": starts, "ends_at": ends, "venue": "区委党校", "capacity": 30})["id"]
call("POST", f"/api/v1/training/sessions/{session}/enrolments", cadre, {})
# The directory copy of the programme service learns of the new cadre within its refresh.
page = None
for _ in range(100):
    try:
        page = call("GET", "/api/v1/programme/archive/me?format=html", cadre)
        break
    except urllib.error.HTTPError:
        time.sleep(0.3)
assert page and title in page, "the page holds the course"
work = tempfile.mkdtemp(prefix="lt-print-")
html, pdf = os.path.join(work, "archive.html"), os.path.join(work, "archive.pdf")
open(html, "w", encoding="utf-8").write(page)
subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                f"--user-data-dir={work}/profile", f"--print-to-pdf={pdf}", "file://" + html],
               check=True, capture_output=True, timeout=120)
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
squeezed = "".join(text.split())
assert "欧阳明远" in squeezed, text[:500]
assert "".join(title.split()) in squeezed, text[:500]
print("archive printed to PDF by Chromium: the cadre's name and the course title are text in it")
