"""Production serving: gunicorn with ``valuedcare/gunicorn_conf.py`` serves the health checks and
writes its own messages as JSON lines; its settings come from the environment."""

from __future__ import annotations

import json
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
CONF = ROOT / "valuedcare" / "gunicorn_conf.py"


def _settings(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict:
    for name in ("PORT", "BIND", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults_are_two_workers_on_port_8000_without_access_log_or_preloading(monkeypatch):
    settings = _settings(monkeypatch)
    assert settings["workers"] == 2
    assert settings["bind"] == ["0.0.0.0:8000"]
    assert settings["accesslog"] is None
    assert settings["preload_app"] is False
    assert settings["timeout"] == 30


def test_workers_port_and_bind_come_from_the_environment(monkeypatch):
    assert _settings(monkeypatch, WEB_CONCURRENCY="5", PORT="9001")["workers"] == 5
    assert _settings(monkeypatch, PORT="9001")["bind"] == ["0.0.0.0:9001"]
    assert _settings(monkeypatch, BIND="unix:/run/vc.sock", PORT="1")["bind"] == [
        "unix:/run/vc.sock"
    ]


def test_a_nonsense_worker_count_stops_start_up_with_a_clear_message(monkeypatch):
    with pytest.raises(RuntimeError, match="WEB_CONCURRENCY must be a whole number"):
        _settings(monkeypatch, WEB_CONCURRENCY="two")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> requests.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited early"
        try:
            return requests.get(url, timeout=10)
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_gunicorn_serves_the_health_checks_and_logs_json(app, database_url, tmp_path):
    port = _free_port()
    environment = {
        **os.environ,
        "VALUEDCARE_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "a-test-secret-that-is-long-enough-0123456789",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    errors = (tmp_path / "stderr").open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", str(CONF), "wsgi:app"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    try:
        ready = _wait_for(f"http://127.0.0.1:{port}/readyz", process)
        alive = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    finally:
        process.terminate()
        process.wait(timeout=30)
        errors.close()

    assert ready.status_code == 200
    assert ready.json() == {"database": True, "migrations_current": True}
    assert alive.status_code == 200
    lines = (tmp_path / "stderr").read_text().splitlines()
    assert lines
    for line in lines:
        entry = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(entry)
