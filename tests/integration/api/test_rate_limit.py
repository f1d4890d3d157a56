"""The API's rate limit (per token) answers 429 in JSON.

The test configuration switches rate limits off for the whole session, and the limiter is one
object per process, so this runs an application with limits on in a separate Python process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent(
    """
    import json
    from valuedcare import create_app
    from valuedcare.config import TestConfig

    app = create_app(TestConfig("sqlite://"), RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    results = []
    for _ in range(4):
        response = client.get("/api/v1/cycles", headers={"Authorization": "Bearer not-a-token"})
        results.append([response.status_code, response.mimetype, response.get_json(),
                        response.headers.get("Retry-After")])
    other = client.get("/api/v1/cycles", headers={"Authorization": "Bearer another"})
    results.append([other.status_code, other.mimetype, other.get_json(), None])
    print(json.dumps(results))
    """
)


def test_too_many_requests_with_one_token_get_a_json_429():
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results = json.loads(completed.stdout.strip().splitlines()[-1])

    assert [status for status, *_ in results] == [401, 401, 401, 429, 401]
    status, mimetype, body, retry_after = results[3]
    assert mimetype == "application/json"
    assert body == {
        "status": 429,
        "error": "too_many_requests",
        "message": "Too many requests: wait a minute and try again.",
    }
    assert retry_after is not None and int(retry_after) > 0
