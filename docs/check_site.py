"""Open pages of the built documentation site in headless Chromium and fail on what a reader would see broken.

    python docs/check_site.py [SITE] [--page PATH ...] [--screenshots DIR]

SITE defaults to docs/_build/html. The default pages are the index, one API page and one tutorial (and the
reproduction page of one paper, whose figures come from the build). For each page it reports, and exits 1 on:

- a console error or an uncaught exception of the page's scripts,
- a resource that failed to load (a script, a style sheet, a font, an image),
- an image that did not render (not complete, or zero natural width),
- a broken internal link: a link into the site whose file does not exist, or whose #fragment names no element of
  the target page.

Chromium (Debian's ``chromium``) is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``):
standard library only, no network, no driver to install. Exit status: 0 all pages clean, 1 problems found, 2 the
check could not run (no site, no browser).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_PAGES = ("index.html", "api/generated/noneq.kicked_top.entropy_map.html",
                 "tutorials/kicked-top-large-j.html", "reproducing/kicked-top.html")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PAGE_TIMEOUT_SECONDS = 60  # one page: load, scripts, images
SETTLE_SECONDS = 1.0  # after the load event: late scripts and lazy images report their errors
VIEWPORT = (1300, 900)
MAX_SCREENSHOT_HEIGHT = 5000


class Browser:
    """A headless Chromium controlled over the DevTools pipe (fd 3: commands in, fd 4: replies and events out)."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="noneq-check-site-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def wire() -> None:  # in the child, before exec: the protocol's fixed descriptors 3 and 4
            high_read, high_write = os.dup(commands_read), os.dup(replies_write)  # above 4, whatever 3 and 4 are
            os.dup2(high_read, 3)  # dup2 makes them inheritable (pipes are created close-on-exec)
            os.dup2(high_write, 4)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
             "--allow-file-access-from-files", f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except Exception:  # noqa: BLE001 - closing is best effort; the process is ended below anyway
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._commands, self._replies):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            import select

            ready, _, _ = select.select([self._replies], [], [], max(0.0, min(1.0, deadline - time.monotonic())))
            if ready:
                chunk = os.read(self._replies, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe (did it start?)")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = PAGE_TIMEOUT_SECONDS) -> dict:
        """Send one command and return its result; events that arrive meanwhile are kept in ``events``."""
        self._next_id += 1
        command = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self._commands, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float) -> None:
        """Wait until an event ``method`` has arrived (or was already kept)."""
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read_message(deadline))

    def drain(self, seconds: float) -> None:
        """Keep the events that arrive within ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.events.append(self._read_message(deadline))
            except TimeoutError:
                return


class _Anchors(HTMLParser):
    """The ids and names of a page's elements (the targets of #fragments)."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.anchors.add(value)


def _anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = parser.anchors
    return cache[path]


def check_links(page: Path, links: list[str], site: Path, cache: dict[Path, set[str]]) -> list[str]:
    """Broken internal links of one page: a missing file, or a fragment naming no element of its target."""
    problems = []
    root = site.resolve()
    for link in sorted(set(links)):
        parts = urlsplit(link)
        if parts.scheme != "file":
            continue  # http(s) links leave the site; mailto and javascript are not pages
        target = Path(unquote(parts.path))
        if root not in target.resolve().parents and target.resolve() != root:
            problems.append(f"link outside the site: {link}")
            continue
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"broken link (no such file): {target.relative_to(root)}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in _anchors(target, cache):
            problems.append(f"broken link (no element #{fragment}): {target.relative_to(root)}#{fragment}")
    return problems


IMAGES = """Array.from(document.images).map(i => ({src: i.currentSrc || i.src, complete: i.complete,
                                               width: i.naturalWidth}))"""
LINKS = "Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


def check_page(browser: Browser, site: Path, relative: str, cache: dict, screenshots: Path | None) -> list[str]:
    """Open one page and return its problems."""
    path = site / relative
    if not path.is_file():
        return [f"page missing from the build: {relative}"]
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.events = []
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    width, height = VIEWPORT
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
    browser.wait_for("Page.loadEventFired", PAGE_TIMEOUT_SECONDS)
    browser.drain(SETTLE_SECONDS)
    problems = []
    requested = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in browser.events
                 if e.get("method") == "Network.requestWillBeSent"}
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if event.get("sessionId") not in (None, session):
            continue
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            problems.append(f"uncaught exception: {text.splitlines()[0] if text else details}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console {params['type']}: {text}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            problems.append(f"browser error: {entry.get('text', '')} {entry.get('url', '')}".strip())
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = requested.get(params.get("requestId"), params.get("requestId"))
            problems.append(f"failed to load: {url} ({params.get('errorText', '')})")
    images = browser.send("Runtime.evaluate", {"expression": IMAGES, "returnByValue": True},
                          session=session)["result"]["value"]
    for image in images:
        if not image["complete"] or image["width"] == 0:
            problems.append(f"image not shown: {image['src']}")
    links = browser.send("Runtime.evaluate", {"expression": LINKS, "returnByValue": True},
                         session=session)["result"]["value"]
    problems += check_links(path, links, site, cache)
    if screenshots is not None:
        size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": width, "height": min(size["height"], MAX_SCREENSHOT_HEIGHT), "scale": 1}
        shot = browser.send("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True},
                            session=session)["data"]
        out = screenshots / (relative.replace("/", "_").removesuffix(".html") + ".png")
        out.write_bytes(base64.b64decode(shot))
    browser.send("Target.closeTarget", {"targetId": target})
    print(f"{relative}: {len(images)} images, {len(set(links))} links, "
          + ("ok" if not problems else f"{len(problems)} problems"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=str(Path(__file__).resolve().parent / "_build" / "html"))
    parser.add_argument("--page", action="append", help="a page of the site (repeatable; default: "
                        + ", ".join(DEFAULT_PAGES) + ")")
    parser.add_argument("--screenshots", help="write a PNG of each page into this folder")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"check_site: no built site in {site} (build it first)", file=sys.stderr)
        return 2
    executable = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    if executable is None:
        print("check_site: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    screenshots = Path(args.screenshots) if args.screenshots else None
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    browser = Browser(executable)
    problems: dict[str, list[str]] = {}
    try:
        cache: dict[Path, set[str]] = {}
        for page in args.page or DEFAULT_PAGES:
            found = check_page(browser, site, page, cache, screenshots)
            if found:
                problems[page] = found
    finally:
        browser.close()
    for page, found in problems.items():
        for problem in found:
            print(f"{page}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
