"""Polite HTTP for the harvest: one session that names the project in its User-Agent, honours robots.txt
(every address and every redirect hop is checked before it is requested), keeps at least `delay` seconds
between two requests to one host (retries and redirects included), retries 429 and 5xx with backoff and
Retry-After (urllib3's Retry), times out, caps a page's size, and keeps a disk cache that revalidates with
ETag / Last-Modified (CacheControl's FileCache), so a second run downloads almost nothing."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from cachecontrol import CacheControlAdapter
from cachecontrol.caches.file_cache import FileCache
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# The project and, when set, how to reach whoever runs the harvest ($PEEL_HARVEST_CONTACT: a URL or address).
USER_AGENT = ("PEEL-Explorer-harvest/1.0 (PEEL Explorer, a dashboard of HMICFRS PEEL grades"
              + (f"; +{os.environ['PEEL_HARVEST_CONTACT']}" if os.environ.get("PEEL_HARVEST_CONTACT") else "") + ")")
ROBOTS_AGENT = "PEEL-Explorer-harvest"
DEFAULT_CACHE = Path.home() / ".cache" / "peel-harvest"
MAX_BYTES = 5 * 1024 * 1024  # an HTML report page is well under 1 MB; a report PDF under 20 MB (PDF_MAX_BYTES)
PDF_MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
RETRIES = 3
RETRY_AFTER_MAX = 120  # seconds: a longer Retry-After makes the page a failure, not a stall


@dataclass
class Fetched:
    """What one address gave: the final address after redirects, the status, the body (None on failure) and
    why it failed."""

    url: str
    final_url: str
    status: int | None
    body: bytes | None = None
    content_type: str = ""
    from_cache: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.body is not None and not self.error


@dataclass
class Stats:
    requests: int = 0  # sent over the network (robots.txt included)
    downloaded: int = 0  # full bodies received
    revalidated: int = 0  # pages answered 304 Not Modified: served from the cache
    cached: int = 0  # served from the cache: fresh, or revalidated (304)
    disallowed: list[str] = field(default_factory=list)


class _Spaced(HTTPAdapter):
    """Waits before every request so two requests to one host are at least `delay` seconds apart, counting
    from the end of the previous one (so urllib3's own retries in between are covered too)."""

    delay = 1.0

    def __init__(self, *args, **kwargs):
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.stats = Stats()
        super().__init__(*args, **kwargs)

    def send(self, request, *args, **kwargs):
        host = urlsplit(request.url).netloc
        with self._lock:
            wait = self._last.get(host, -1e9) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.stats.requests += 1
        try:
            return super().send(request, *args, **kwargs)
        finally:
            with self._lock:
                self._last[host] = time.monotonic()


class _PoliteRetry(Retry):
    """urllib3's Retry, waiting at least min_wait seconds before a retry (Retry-After when longer)."""

    min_wait = 1.0

    def sleep(self, response=None) -> None:
        after = self.get_retry_after(response) if (response is not None and self.respect_retry_after_header) else None
        time.sleep(max(after or 0.0, self.get_backoff_time(), self.min_wait))


class PoliteAdapter(CacheControlAdapter, _Spaced):
    """Cache first (a fresh copy costs no request; a stale one is revalidated), then a spaced request."""

    def build_response(self, request, response, from_cache=False, cacheable_methods=None):
        not_modified = getattr(response, "status", None) == 304
        built = super().build_response(request, response, from_cache=from_cache, cacheable_methods=cacheable_methods)
        built.revalidated = not_modified  # the cached copy, confirmed by a 304
        return built


class Fetcher:
    """Fetch pages politely; never raises for a page that fails (the failure is in Fetched.error)."""

    def __init__(self, cache_dir: Path = DEFAULT_CACHE, delay: float = 1.0, timeout: float = 30.0,
                 retries: int = RETRIES, user_agent: str = USER_AGENT):
        self.delay = max(0.0, float(delay))
        self.timeout = timeout
        retry_class = type("Retry", (_PoliteRetry,), {"min_wait": self.delay})
        retry = retry_class(total=retries, connect=retries, read=False, redirect=0, status=retries, other=0,
                            backoff_factor=max(self.delay, 0.1), status_forcelist=(429, 500, 502, 503, 504),
                            allowed_methods=("GET", "HEAD"), respect_retry_after_header=True,
                            retry_after_max=RETRY_AFTER_MAX, raise_on_status=False, raise_on_redirect=False)
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        adapter_class = type("Adapter", (PoliteAdapter,), {"delay": self.delay})
        self.adapter = adapter_class(cache=FileCache(str(cache_dir)), max_retries=retry)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self._robots: dict[str, Protego | None] = {}

    @property
    def stats(self) -> Stats:
        return self.adapter.stats

    def close(self) -> None:
        self.session.close()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of url's host lets this harvester fetch url (a missing robots.txt allows all;
        one that cannot be read at all, e.g. a server error, allows nothing)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        robots = self._robots[origin]
        return robots is not None and robots.can_fetch(url, ROBOTS_AGENT)

    def _read_robots(self, origin: str) -> Protego | None:
        try:
            response = self.session.get(origin + "/robots.txt", timeout=self.timeout, allow_redirects=True)
        except requests.RequestException:
            return None
        if response.status_code in (401, 403) or response.status_code >= 500:
            return None
        robots = Protego.parse(response.text if response.status_code == 200 else "")
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay and crawl_delay > self.adapter.delay:
            self.adapter.delay = float(crawl_delay)
        return robots

    def get(self, url: str, max_bytes: int = MAX_BYTES) -> Fetched:
        """GET url, following redirects (each hop checked against robots.txt), within max_bytes."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(current):
                self.stats.disallowed.append(current)
                return Fetched(url, current, None, error="disallowed by robots.txt")
            try:
                response = self.session.get(current, timeout=self.timeout, allow_redirects=False, stream=True)
            except requests.Timeout:
                return Fetched(url, current, None, error=f"timed out after {self.timeout:g} s")
            except requests.RequestException as exc:
                return Fetched(url, current, None, error=f"request failed ({type(exc).__name__})")
            try:
                if response.is_redirect and response.headers.get("location"):
                    current = urljoin(current, response.headers["location"])
                    continue
                return self._body(url, current, response, max_bytes)
            finally:
                response.close()
        return Fetched(url, current, None, error=f"more than {MAX_REDIRECTS} redirects")

    def _body(self, url: str, final: str, response, max_bytes: int) -> Fetched:
        from_cache = bool(getattr(response, "from_cache", False))
        kind = response.headers.get("content-type", "")
        if response.status_code != 200:
            return Fetched(url, final, response.status_code, content_type=kind,
                           error=f"HTTP {response.status_code} {response.reason or ''}".strip())
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            return Fetched(url, final, 200, content_type=kind,
                           error=f"too large ({int(declared) / 2**20:.1f} MB, over {max_bytes // 2**20} MB)")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    return Fetched(url, final, 200, content_type=kind,
                                   error=f"too large (over {max_bytes // 1024 // 1024} MB)")
                chunks.append(chunk)
        except requests.RequestException as exc:
            return Fetched(url, final, 200, content_type=kind, error=f"download failed ({type(exc).__name__})")
        if from_cache:
            self.stats.cached += 1
            self.stats.revalidated += bool(getattr(response, "revalidated", False))
        else:
            self.stats.downloaded += 1
        return Fetched(url, final, 200, b"".join(chunks), kind, from_cache)
