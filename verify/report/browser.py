"""The report as a reader sees it: checks and screenshots in a real (headless) Chromium.

* :func:`inspect` loads a page in Chromium driven by Selenium (the system ``chromium`` and
  ``chromedriver``; nothing is downloaded) at a given width and returns what a reader would
  trip over: visible raw LaTeX, MathML without a box, elements overflowing the viewport
  outside a scroll container, internal links that land nowhere, figures without a size,
  resources fetched from anywhere. ``tests/report/test_browser.py`` asserts they are empty.
* :func:`screenshot` writes PNGs at 1400 px and 400 px with ``chromium --headless``.

Command line (one command for both screenshots, and the checks)::

    python -m verify.report.browser screenshot reports/index.html [--out DIR] [--height PX]
    python -m verify.report.browser check reports/index.html
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["find_browser", "driver", "set_width", "load", "inspect", "landing", "screenshot", "WIDTHS", "main"]

WIDTHS = (1400, 400)

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> tuple[str | None, str | None, str]:
    """(browser binary, chromedriver binary, reason when one is missing)."""
    browser = next((p for p in map(shutil.which, _BROWSERS) if p), None)
    drv = shutil.which("chromedriver")
    if browser is None:
        return None, drv, "no Chromium found (apt-get install -y chromium chromium-driver)"
    if drv is None:
        return browser, None, "no chromedriver found (apt-get install -y chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return browser, drv, "selenium is not installed (pip install selenium)"
    return browser, drv, ""


def driver(width: int = 1400, height: int = 1000):
    """A headless Chromium WebDriver with a ``width`` x ``height`` CSS-pixel viewport."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, drv, why = find_browser()
    if why:
        raise RuntimeError(why)
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--mute-audio"):
        opts.add_argument(a)
    d = webdriver.Chrome(options=opts, service=Service(executable_path=drv))
    set_width(d, width, height)
    return d


def set_width(d, width: int, height: int = 1000) -> None:
    """Emulate a viewport exactly ``width`` CSS pixels wide (the window size includes chrome)."""
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


# One pass over the loaded page; returns a JSON-able dict. Runs in the test browser, not in the
# report (the report has no script).
_INSPECT = r"""
const out = {};
document.querySelectorAll('details').forEach(d => { d.open = true; });
const W = document.documentElement.clientWidth;
out.width = W;
out.scroll_width = document.documentElement.scrollWidth;
const desc = el => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).join('.');
  const sec = el.closest('section.claim');
  return s + (sec ? ' in ' + sec.id : '') + ' "' + (el.textContent || '').trim().slice(0, 60) + '"';
};
// raw LaTeX: a TeX command or $...$ in any text node outside MathML
const raw = [], tex = /\\[A-Za-z]{2,}/, dollars = /\$[^$\s][^$]*\$/;
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) {
  const n = walk.currentNode, p = n.parentElement;
  if (!p || p.closest('math, style, script, title')) continue;
  const t = n.textContent;
  if (tex.test(t) || dollars.test(t)) raw.push(desc(p) + ': ' + t.trim().slice(0, 100));
}
out.raw_latex = raw;
const maths = Array.from(document.querySelectorAll('math'));
out.math = maths.length;
out.math_without_box = maths.filter(m => { const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); })
  .map(desc);
// overflow: an element reaching past the viewport with no scrolling (or clipping) ancestor
const clips = el => {
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    const o = getComputedStyle(a).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
  }
  return false;
};
const over = [];
for (const el of document.body.querySelectorAll('*')) {
  const sv = el.parentElement && el.parentElement.closest('svg, math');
  if (sv) continue;  // their roots are checked
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right <= W + 1 && r.left >= -1) continue;
  if (!clips(el)) over.push(desc(el) + ` [${Math.round(r.left)}, ${Math.round(r.right)}]`);
}
out.overflow = over.slice(0, 40);
out.overflow_count = over.length;
// internal links: the target exists and has a box
const links = Array.from(document.querySelectorAll('a[href^="#"]'));
out.links = links.length;
out.broken_links = links.filter(a => {
  const t = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  if (!t) return true;
  const r = t.getBoundingClientRect();
  return !(r.width > 0 && r.height > 0);
}).map(a => a.getAttribute('href'));
// figures
const figs = Array.from(document.querySelectorAll('figure svg, figure img'));
out.figures = figs.length;
out.figures_without_size = figs.filter(f => { const r = f.getBoundingClientRect(); return !(r.width > 10 && r.height > 10); })
  .map(f => desc(f.closest('figure')));
// network: resources fetched, and any attribute that would fetch from elsewhere
out.resources = performance.getEntriesByType('resource').map(e => e.name);
const remote = [];
for (const el of document.querySelectorAll('[src], [srcset], [data], [poster], link[href], image, use, object, embed, iframe')) {
  for (const at of ['src', 'srcset', 'data', 'poster', 'href', 'xlink:href']) {
    const v = el.getAttribute(at);
    if (v && !v.startsWith('#') && !v.startsWith('data:')) remote.push(el.tagName + ' ' + at + '=' + v.slice(0, 80));
  }
}
for (const s of document.querySelectorAll('style')) if (/url\(\s*['"]?(?!#|data:)/.test(s.textContent)) remote.push('style url()');
out.remote = remote;
out.scripts = document.querySelectorAll('script').length;
out.claim_ids = Array.from(document.querySelectorAll('section.claim')).map(s => s.id);
out.viewport_meta = !!document.querySelector('meta[name=viewport]');
return out;
"""


def load(d, page: str | Path, timeout_s: float = 30.0) -> None:
    """A fresh load of ``page`` (never a same-document hash change), complete when this returns."""
    import time

    d.get("about:blank")
    d.get(Path(page).resolve().as_uri())
    end = time.monotonic() + timeout_s
    while d.execute_script("return document.readyState") != "complete":
        if time.monotonic() > end:
            raise TimeoutError(f"{page} did not finish loading in {timeout_s} s")
        time.sleep(0.05)


def inspect(d, page: str | Path, width: int) -> dict:
    """Load ``page`` at ``width`` CSS px and return the reader's problems (see module doc)."""
    set_width(d, width)
    load(d, page)
    res = d.execute_script(_INSPECT)
    res["page"] = str(page)
    return res


def landing(d, anchors: list[str]) -> list[str]:
    """Follow each ``#anchor`` as a reader would; those whose target does not come to the top."""
    bad = []
    for a in anchors:
        got = d.execute_script(
            "location.hash = arguments[0];"
            "const t = document.getElementById(decodeURIComponent(arguments[0].slice(1)));"
            "if (!t) return null;"
            "const top = t.getBoundingClientRect().top;"
            "const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;"
            "return Math.abs(top) <= 2 || (atEnd && top >= 0);", a)
        if not got:
            bad.append(a)
    return bad


def screenshot(page: str | Path, out_dir: str | Path, widths=WIDTHS, height: int = 1800) -> list[Path]:
    """PNG of the top ``height`` px of ``page`` at each width: ``<out_dir>/<stem>-<width>.png``."""
    browser, _, why = find_browser()
    if browser is None:
        raise RuntimeError(why)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    for w in widths:
        png = out_dir / f"{Path(page).stem}-{w}.png"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--virtual-time-budget=20000", f"--window-size={w},{height}", f"--screenshot={png.resolve()}",
                        Path(page).resolve().as_uri()], check=True, capture_output=True, timeout=120)
        shots.append(png)
    return shots


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m verify.report.browser", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("screenshot", help="PNG screenshots at 1400 px and 400 px")
    s.add_argument("page")
    s.add_argument("--out", default=".", help="folder for <page>-1400.png and <page>-400.png")
    s.add_argument("--height", type=int, default=1800)
    c = sub.add_parser("check", help="the browser checks, as JSON (exit 1 if any problem)")
    c.add_argument("page")
    args = p.parse_args(argv)
    if args.cmd == "screenshot":
        for png in screenshot(args.page, args.out, height=args.height):
            print(png)
        return 0
    d = driver()
    try:
        res = {w: inspect(d, args.page, w) for w in WIDTHS}
    finally:
        d.quit()
    print(json.dumps(res, indent=1))
    bad = any(r["raw_latex"] or r["math_without_box"] or r["broken_links"] or r["figures_without_size"]
              or r["resources"] or r["remote"] or r["scripts"] or (r["overflow_count"] if w == 400 else 0)
              for w, r in res.items())
    return 1 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
