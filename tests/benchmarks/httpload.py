"""Load against gunicorn on this machine: a small HTTP/1.1 client on asyncio, the web server as
deploy/certify-web.service starts it, and the CPU time its workers spent (from /proc).

Used by bench_wizard.py and scripts/prod_check.py. Every request goes to 127.0.0.1 with
`Connection: close` (no keep-alive to go stale during a think time), and every loop is bounded
in time: nothing here runs on after its deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def csrf_token(self) -> str | None:
        found = CSRF_INPUT.search(self.body)
        return found.group(1).decode() if found else None


@dataclass
class Browser:
    """One visitor: a cookie jar, and the server it talks to (which may change)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    headers: dict[str, str] = field(default_factory=dict)

    async def request(
        self, method: str, path: str, form: dict | None = None, timeout: float = 30
    ) -> Response:
        body = urlencode(form or {}, doseq=True).encode() if method == "POST" else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: close",
            "User-Agent: certify-bench",
        ]
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: http://{self.host}:{self.port}",
                f"Referer: http://{self.host}:{self.port}{path}",
            ]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        reply = await asyncio.wait_for(self._exchange(raw), timeout)
        response = parse(reply)
        self._keep_cookies(response)
        return response

    async def _exchange(self, raw: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(raw)
            await writer.drain()
            return await reader.read(-1)
        finally:
            writer.close()

    def _keep_cookies(self, response: Response) -> None:
        for key, value in response.headers:
            if key.lower() != "set-cookie":
                continue
            pair, _, attributes = value.partition(";")
            name, _, content = pair.strip().partition("=")
            expired = "max-age=0" in attributes.lower().replace(" ", "")
            if expired or content in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = content


def parse(reply: bytes) -> Response:
    head, _, body = reply.partition(b"\r\n\r\n")
    if not head:
        raise ConnectionError("empty reply")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:]]
    return Response(status, headers, body)  # type: ignore[arg-type]


@dataclass
class Tally:
    """Latencies and outcomes of one phase."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def add(self, started: float, status: int) -> None:
        self.latencies.append((time.perf_counter() - started) * 1000)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def fail(self, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1

    @property
    def count(self) -> int:
        return len(self.latencies)

    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


async def run_users(visit, users: int, seconds: float) -> Tally:
    """Run `visit(user_number, tally, deadline)` for each of `users` virtual users until the
    deadline; each visit loops on its own and returns by the deadline."""
    tally = Tally()
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(visit(n, tally, deadline) for n in range(users)))
    return tally


# --- gunicorn -------------------------------------------------------------------------------


def unit_command(port: int) -> list[str]:
    """The web unit's ExecStart, from this checkout, on 127.0.0.1:port (as make deploy-smoke)."""
    unit = (ROOT / "deploy" / "certify-web.service").read_text()
    line = next(x for x in unit.splitlines() if x.startswith("ExecStart="))
    command = line.removeprefix("ExecStart=").replace("/srv/certify", str(ROOT))
    command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    return shlex.split(command)


class Service:
    """A process started in its own process group, so that it and its children stop together."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                command,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """Kill at once (a host lost), children and all."""
        self._signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self, seconds: float = 40) -> None:
        """SIGTERM, as systemd stops a unit; SIGKILL after `seconds`."""
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, which: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, which)


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command's name ([11] is utime), or [] once the
    process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


class Gunicorn(Service):
    """gunicorn started from the web unit's command line."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        super().__init__(unit_command(port), env, log)
        self.port = port

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited; see {self.log}")
            try:
                reply = asyncio.run(Browser(self.port).request("GET", "/health/live", timeout=2))
                if reply.status == 200 and len(self.workers()) > 0:
                    return
            except (OSError, TimeoutError, ConnectionError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn on {self.port} did not answer in {seconds} s")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_cpu_seconds(self) -> float:
        """User and system CPU time of every worker this server has run: those running now,
        and those gone (recycled after --max-requests, or killed), whose time the kernel adds
        to the master's children's time once the master reaps them. Without the second, a
        phase in which a worker is recycled would lose that worker's whole time."""
        total = 0
        for pid in self.workers():
            stat = _stat(pid)
            if stat:
                total += int(stat[11]) + int(stat[12])  # utime, stime
        master = _stat(self.process.pid)
        if master:
            total += int(master[13]) + int(master[14])  # cutime, cstime: reaped workers
        return total / TICKS

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+) kB", status)
            if found:
                sizes.append(int(found.group(1)) / 1024)
        return sizes
