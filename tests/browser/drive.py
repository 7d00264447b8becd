#!/usr/bin/env python3
"""Drive Debian's chromium, headless, through the DevTools protocol, on the
intake page of a running `tiendo serve`, as a ministry's clerk and then the
secretariat would use it, and take a screenshot at each step.

    drive.py --url http://127.0.0.1:PORT --token AGENCY_TOKEN
             --admin-token ADMIN_TOKEN --agency CODE --input DIR
             --tiendo ./tiendo --shots DIR

Steps (each one asserted; the first failure stops with exit status 1):
 1. the sign-in page, in Vietnamese; a wrong token is refused;
 2. signing in with the agency's token: its name, the period, the deadline;
 3. the month's form downloaded through the page's link, byte for byte
    what `tiendo form` writes for that agency and period;
 4. a bad file chosen (tests/data/intake/bad-phone-script.csv): "Kiểm tra"
    lists exactly the problems `tiendo validate` finds in it (line, column,
    code, message, in order), each with its row and the cell at fault
    marked under the right header; a `<script>` in a cell shows as text;
 5. the same bad file submitted, then a good file dropped on the drop zone
    and submitted: the receipt (agency, period, Hanoi time, the file's
    SHA-256, rows accepted and rejected), screen and print (PDF);
 6. signing out, then in with the admin token: the board of the month shows
    the agency as received, its two files, the bad file's problems through
    /api/problems;
 7. the same page in English, and at 800 px wide.
No inline script or style may be refused by the Content-Security-Policy
along the way (the console is watched).

Only the standard library and python3-websockets (Debian's package).
"""

import argparse
import asyncio
import base64
import csv
import glob
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websockets
except ImportError:  # pragma: no cover
    sys.stderr.write("drive.py: python3-websockets is missing "
                     "(apt-get install python3-websockets)\n")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "intake")
WIDE, TALL = 1280, 900


class Failed(Exception):
    """An assertion about the page did not hold."""


def sentence(m):
    """validate's message as the page shows it: a sentence of its own, its
    first letter a capital when it opens on a small letter."""
    return m[:1].upper() + m[1:] if m[:1].islower() else m


def check(cond, what):
    if not cond:
        raise Failed(what)
    print("  ok   " + what, flush=True)


# ---- chromium ------------------------------------------------------------

def start_chromium(binary, profile, pid_file=None):
    """Start chromium headless, in a process group of its own (its pid, the
    group's id, written to pid_file); returns (process, DevTools port)."""
    args = [binary, "--headless=new", "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            "--user-data-dir=" + profile, "--no-first-run",
            "--no-default-browser-check", "--disable-gpu",
            "--disable-extensions", "--disable-background-networking",
            "--disable-sync", "--disable-features=Translate,MediaRouter",
            "--hide-scrollbars", "--mute-audio", "--lang=vi",
            "--window-size=%d,%d" % (WIDE, TALL), "about:blank"]
    if os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # chromium refuses root otherwise
    errlog = open(os.path.join(profile, "..", "chromium.log"), "wb")
    env = dict(os.environ, LANGUAGE="vi", LANG="vi_VN.UTF-8")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errlog,
                            start_new_session=True, env=env)
    if pid_file:
        with open(pid_file, "w") as f:
            f.write("%d\n" % proc.pid)
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failed("chromium exited at start (status %d); see %s"
                         % (proc.returncode, errlog.name))
        try:
            with open(port_file) as f:
                first = f.readline().strip()
            if first.isdigit():
                return proc, int(first)
        except OSError:
            pass
        time.sleep(0.1)
    raise Failed("chromium wrote no DevToolsActivePort in 30 s")


def stop_chromium(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Tab:
    """One page target, spoken to over its DevTools WebSocket."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.waiting = {}
        self.events = []
        self.console = []
        self.reader = asyncio.get_event_loop().create_task(self._read())

    async def _read(self):
        async for raw in self.ws:
            msg = json.loads(raw)
            if "id" in msg and msg["id"] in self.waiting:
                self.waiting.pop(msg["id"]).set_result(msg)
                continue
            method = msg.get("method", "")
            if method == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", "")))
                                for a in msg["params"].get("args", []))
                self.console.append(msg["params"].get("type", "") + ": " + text)
            elif method == "Log.entryAdded":
                e = msg["params"]["entry"]
                self.console.append(e.get("level", "") + ": " + e.get("text", ""))
            elif method == "Runtime.exceptionThrown":
                d = msg["params"]["exceptionDetails"]
                self.console.append("exception: " + json.dumps(d)[:400])
            self.events.append(msg)

    async def send(self, method, **params):
        self.next_id += 1
        fut = asyncio.get_event_loop().create_future()
        self.waiting[self.next_id] = fut
        await self.ws.send(json.dumps({"id": self.next_id, "method": method,
                                       "params": params}))
        msg = await asyncio.wait_for(fut, 60)
        if "error" in msg:
            raise Failed("%s: %s" % (method, msg["error"]))
        return msg.get("result", {})

    async def event(self, method, timeout=30):
        """Wait for the next event `method` (those already seen are dropped)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    del self.events[: i + 1]
                    return m["params"]
            await asyncio.sleep(0.05)
        raise Failed("no %s in %d s" % (method, timeout))

    async def js(self, expr):
        """The value of a JavaScript expression (promises awaited)."""
        r = await self.send("Runtime.evaluate", expression=expr,
                            returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise Failed("script failed: %s: %s" % (
                expr[:80], r["exceptionDetails"].get("exception", {})
                .get("description", r["exceptionDetails"].get("text"))))
        return r["result"].get("value")

    async def wait(self, expr, what, timeout=15):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if await self.js(expr):
                return
            await asyncio.sleep(0.1)
        raise Failed("waited %d s for %s" % (timeout, what))

    async def goto(self, url):
        self.events.clear()
        await self.send("Page.navigate", url=url)
        await self.event("Page.loadEventFired")

    async def click(self, selector, navigates=False):
        if navigates:
            self.events.clear()
        await self.js("document.querySelector(%s).click()" % json.dumps(selector))
        if navigates:
            await self.event("Page.loadEventFired")

    async def shot(self, folder, name, selector=None):
        """Capture the whole page, as tall as it is, or one element (with a
        margin around it), into folder/name.png."""
        if selector:
            clip = await self.js("""(() => {
              const r = document.querySelector(%s).getBoundingClientRect();
              return {x: Math.max(0, r.left - 16), y: r.top + scrollY - 16,
                      width: r.width + 32, height: r.height + 32, scale: 1};
            })()""" % json.dumps(selector))
        else:
            m = await self.send("Page.getLayoutMetrics")
            size = m.get("cssContentSize") or m["contentSize"]
            w = await self.js("document.documentElement.clientWidth")
            clip = {"x": 0, "y": 0, "width": w,
                    "height": max(int(size["height"]), 200), "scale": 1}
        r = await self.send("Page.captureScreenshot", format="png",
                            captureBeyondViewport=True, clip=clip)
        path = os.path.join(folder, name + ".png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))
        print("  shot " + path, flush=True)
        return path

    async def width(self, w):
        await self.send("Emulation.setDeviceMetricsOverride", width=w,
                        height=TALL, deviceScaleFactor=1, mobile=False)


# ---- what tiendo itself says ----------------------------------------------

def run_tiendo(args, tiendo):
    r = subprocess.run([tiendo] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return r.returncode, r.stdout


def fill(template, period):
    """A file of tests/data/intake with its {{PERIOD}} and {{REPORT_DATE}}."""
    y, m = map(int, period.split("-"))
    y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
    with open(os.path.join(DATA, template), "rb") as f:
        raw = f.read()
    return (raw.replace(b"{{PERIOD}}", period.encode())
            .replace(b"{{REPORT_DATE}}", b"%04d-%02d-02" % (y2, m2)))


def expected_problems(raw, period, opts, work, name):
    """`tiendo validate --format json` of raw as its month's file."""
    folder = os.path.join(work, "expect", period)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(raw)
    _, out = run_tiendo(["validate", "--input", opts.input, "--format",
                         "json", "--max-errors", "0", path], opts.tiendo)
    return json.loads(out)["files"][0]


# ---- the walk ---------------------------------------------------------------

READ_PROBLEMS = """
[...document.querySelectorAll(%s)].map(li => ({
  line: Number(li.dataset.line), column: Number(li.dataset.column),
  code: li.dataset.code, message: li.querySelector('.p-msg').textContent,
  mark: (() => { const td = li.querySelector('td.mark');
    if (!td) return null;
    const k = [...td.parentNode.children].indexOf(td);
    const th = li.querySelectorAll('.row-table th')[k];
    const label = th && th.querySelector('.col-label');
    return {text: td.textContent, label: label ? label.textContent : ''}; })()
}))
"""


async def sign_in(tab, base, token, lang="vi"):
    await tab.goto(base + "/?lang=" + lang)
    await tab.wait("!document.getElementById('login').hidden", "the sign-in form")
    await tab.js("document.getElementById('token').value = %s" % json.dumps(token))
    await tab.click("#login-form button[type=submit]", navigates=True)
    await tab.wait("!document.getElementById('app').hidden", "the signed-in page")


async def choose_file(tab, path):
    doc = await tab.send("DOM.getDocument")
    node = await tab.send("DOM.querySelector", nodeId=doc["root"]["nodeId"],
                          selector="#file")
    await tab.js("document.getElementById('file-info').textContent = ''")
    await tab.send("DOM.setFileInputFiles", files=[path], nodeId=node["nodeId"])
    await tab.wait("document.getElementById('file-info').textContent.includes(%s)"
                   % json.dumps(os.path.basename(path)), "the file to be read")


async def drop_file(tab, raw, name):
    """Drop a file on the drop zone, as a drag from the desktop would."""
    b64 = base64.b64encode(raw).decode()
    await tab.js("""(() => {
      const bytes = Uint8Array.from(atob(%s), c => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], %s, {type: 'text/csv'}));
      const zone = document.getElementById('drop');
      zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
      zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    })()""" % (json.dumps(b64), json.dumps(name)))
    await tab.wait("document.getElementById('file-info').textContent.includes(%s)"
                   % json.dumps(name), "the dropped file to be read")


async def walk(tab, opts, work):
    base = opts.url.rstrip("/")
    shots = opts.shots
    await tab.send("Page.enable")
    await tab.send("Runtime.enable")
    await tab.send("Log.enable")
    await tab.send("DOM.enable")
    await tab.width(WIDE)
    # a clerk's browser in Vietnam: the month field and dates in Vietnamese
    await tab.send("Emulation.setLocaleOverride", locale="vi-VN")
    await tab.send("Emulation.setTimezoneOverride", timezoneId="Asia/Ho_Chi_Minh")

    print("1. sign-in page", flush=True)
    await tab.goto(base + "/")
    await tab.wait("!document.getElementById('login').hidden", "the sign-in form")
    check(await tab.js("document.documentElement.lang") == "vi",
          "the page is in Vietnamese by default")
    check(await tab.js("document.querySelector('#login-h').textContent") == "Đăng nhập",
          "its heading is 'Đăng nhập'")
    check(await tab.js("document.querySelector('label[for=token]').textContent") == "Mã truy cập",
          "the token field is labelled 'Mã truy cập'")
    csp = await tab.js("fetch('/').then(r => r.headers.get('content-security-policy'))")
    check(csp and "script-src 'self'" in csp and "unsafe-inline" not in csp,
          "the page comes with a CSP that forbids inline script")
    await tab.shot(shots, "01-sign-in")
    await tab.js("document.getElementById('token').value = 'not-a-token'")
    await tab.click("#login-form button[type=submit]", navigates=True)
    await tab.wait("!document.getElementById('login-failed').hidden",
                   "the refusal of a wrong token")
    check("login=failed" in await tab.js("location.search"),
          "a wrong token comes back to the sign-in page, refused")
    await tab.shot(shots, "02-sign-in-refused")

    print("2. signed in as the agency", flush=True)
    await sign_in(tab, base, opts.token)
    sess = await tab.js("fetch('/api/session').then(r => r.json())")
    period = sess["period"]
    check(sess["agency"] == opts.agency and not sess["admin"],
          "the session is the agency %s's" % opts.agency)
    name = await tab.js("document.getElementById('who-name').textContent")
    check(opts.agency in name and sess["name"] in name,
          "the page names the agency: %s" % name)
    shown_period = await tab.js("document.getElementById('who-period').textContent")
    check(shown_period == "tháng %s/%s" % (period[5:], period[:4]),
          "the period shows as '%s'" % shown_period)
    check(await tab.js("document.getElementById('who-deadline').textContent")
          == "/".join(reversed(sess["deadline"].split("-"))),
          "the deadline shows as dd/mm/yyyy")
    await tab.shot(shots, "03-signed-in")

    print("3. the month's form", flush=True)
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    await tab.send("Browser.setDownloadBehavior", behavior="allow",
                   downloadPath=downloads, eventsEnabled=True)
    await tab.click("#form-link")
    end = time.monotonic() + 20
    got = []
    while time.monotonic() < end:
        got = [f for f in os.listdir(downloads) if not f.endswith(".crdownload")]
        if got:
            break
        await asyncio.sleep(0.1)
    check(got == ["%s-%s-form.csv" % (opts.agency, period)],
          "the form downloads as %s" % (got[0] if got else "nothing"))
    with open(os.path.join(downloads, got[0]), "rb") as f:
        form = f.read()
    _, want = run_tiendo(["form", "--input", opts.input, "--agency",
                          opts.agency, "--period", period], opts.tiendo)
    check(form == want, "the form is byte for byte what `tiendo form` writes "
          "(%d bytes, %d rows)" % (len(form), form.count(b"\r\n") - 1))
    rows = list(csv.DictReader(io.StringIO(form.decode("utf-8-sig"))))
    check(rows and all(r["period"] == period and r["agency_code"] == opts.agency
                       for r in rows), "its rows are the agency's, for %s" % period)

    print("4. a bad file, checked", flush=True)
    bad = fill("bad-phone-script.csv", period)
    bad_path = os.path.join(work, "bad-phone-script.csv")
    with open(bad_path, "wb") as f:
        f.write(bad)
    want = expected_problems(bad, period, opts, work, "bad-phone-script.csv")
    await choose_file(tab, bad_path)
    await tab.click("#btn-check")
    await tab.wait("!document.getElementById('result').hidden", "the check result")
    got = await tab.js(READ_PROBLEMS % json.dumps("#problems li.problem"))
    check(len(got) == len(want["problems"]) and len(got) >= 3,
          "the page lists %d problems, as `tiendo validate` does" % len(got))
    for g, w in zip(got, want["problems"]):
        check((g["line"], g["column"], g["code"], g["message"])
              == (w["line"], w["column"], w["code"], sentence(w["message"])),
              "line %d, column %d: %s" % (w["line"], w["column"], w["code"]))
        check(g["mark"] is not None, "  its row is shown, a cell marked")
        if w["field"] and w["line"] > 1:
            check(g["mark"]["label"] == w["field"],
                  "  the marked cell is under '%s'" % w["field"])
    missing = [g for g in got if g["code"] == "missing-cell"]
    check(missing and "contact_phone" in [m["mark"]["label"] for m in missing],
          "the missing phone number is marked in its column")
    script_cell = await tab.js("""[...document.querySelectorAll('#problems td')]
        .some(td => td.textContent.includes('<script>window.tiendoXss=1</script>'))""")
    check(script_cell, "the <script> in a cell shows as text")
    check(await tab.js("document.scripts.length") == 1 and
          await tab.js("window.tiendoXss === undefined"),
          "and no script of the file was run")
    counts = await tab.js("document.getElementById('result-counts').textContent")
    check(("%d dòng" % want["rows"]) in counts and
          ("%d bị loại" % want["rejected"]) in counts,
          "the counts: %s" % counts)
    await tab.shot(shots, "04-problems")
    await tab.shot(shots, "04-problems-list", "#result")

    if opts.max_upload:
        print("4b. a file over the server's --max-upload", flush=True)
        lines = bad.split(b"\r\n")
        big = b"\r\n".join([lines[0]] + [lines[1]] * (opts.max_upload // len(lines[1]) + 10)) + b"\r\n"
        await drop_file(tab, big, "qua-lon.csv")
        await tab.click("#btn-check")
        await tab.wait("!document.getElementById('action-error').hidden",
                       "the refusal of a file too large")
        msg = await tab.js("document.getElementById('action-error').textContent")
        check(msg and await tab.js("document.getElementById('result').hidden"),
              "a file of %d bytes is refused beside the buttons: %s" % (len(big), msg))
        await tab.shot(shots, "04b-too-large", "section[aria-labelledby=step3-h]")
        await choose_file(tab, bad_path)
        check(await tab.js("document.getElementById('action-error').hidden"),
              "and the message goes when another file is chosen")

    print("5. submit: the bad file, then a good one", flush=True)
    await tab.click("#btn-submit")
    await tab.wait("!document.getElementById('receipt').hidden", "the first receipt")
    r_bad = await tab.js("document.getElementById('r-sha').textContent")
    check(r_bad == hashlib.sha256(bad).hexdigest(),
          "the bad file's receipt carries its SHA-256")
    good = fill("good.csv", period)
    gwant = expected_problems(good, period, opts, work, "good.csv")
    check(gwant["errors"] == 0 and gwant["accepted"] > 0,
          "tests/data/intake/good.csv is valid (%d rows)" % gwant["accepted"])
    await drop_file(tab, good, "bao-cao-tien-do.csv")
    await tab.click("#btn-check")
    await tab.wait("document.getElementById('result-verdict').classList.contains('good')",
                   "the good file's check to pass")
    await tab.click("#btn-submit")
    await tab.wait("document.getElementById('r-sha').textContent === %s"
                   % json.dumps(hashlib.sha256(good).hexdigest()),
                   "the good file's receipt")
    rc = await tab.js("""({agency: r('r-agency'), period: r('r-period'),
        time: r('r-time'), sha: r('r-sha'), rows: r('r-rows'),
        accepted: r('r-accepted'), rejected: r('r-rejected'), file: r('r-file')})"""
                      .replace("r('", "document.getElementById('")
                      .replace("')", "').textContent"))
    check(opts.agency in rc["agency"], "receipt: agency %s" % rc["agency"])
    check(rc["period"] == "tháng %s/%s" % (period[5:], period[:4]),
          "receipt: period %s" % rc["period"])
    check(re.fullmatch(r"\d\d:\d\d:\d\d ngày \d\d/\d\d/\d{4} \(giờ Hà Nội\)",
                       rc["time"]) is not None, "receipt: time %s" % rc["time"])
    check(rc["accepted"] == str(gwant["accepted"]) and rc["rejected"] == "0",
          "receipt: %s rows accepted, %s rejected" % (rc["accepted"], rc["rejected"]))
    check(rc["file"].startswith(opts.agency) and "bao-cao" not in rc["file"],
          "the stored name is tiendo's own: %s" % rc["file"])
    await tab.shot(shots, "05-receipt")
    await tab.shot(shots, "05-receipt-alone", "#receipt")
    await tab.send("Emulation.setEmulatedMedia", media="print")
    await tab.shot(shots, "06-receipt-print")
    await tab.send("Emulation.setEmulatedMedia", media="")
    pdf = await tab.send("Page.printToPDF", printBackground=False,
                         preferCSSPageSize=True)
    pdf_path = os.path.join(shots, "06-receipt.pdf")
    with open(pdf_path, "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"],
                              stdout=subprocess.PIPE).stdout.decode()
        check(rc["sha"] in text and "Biên nhận" in text.replace("BIÊN NHẬN", "Biên nhận"),
              "the printed receipt holds its title and the SHA-256")
        check("Kiểm tra" not in text and "Đăng xuất" not in text and
              "Tình hình nộp" not in text,
              "and nothing else of the page (%d page)" % text.count("\f"))

    print("6. the secretariat's board", flush=True)
    await tab.click("#logout-form button", navigates=True)
    await tab.wait("!document.getElementById('login').hidden", "the sign-in form after signing out")
    check(await tab.js("fetch('/api/session').then(r => r.status)") == 401,
          "signing out ends the session")
    await sign_in(tab, base, opts.admin_token)
    await tab.wait("document.querySelector('#board-table tbody tr[data-agency]') !== null",
                   "the board")
    status = await tab.js("document.querySelector('#board-table tr[data-agency=%s]')"
                          ".dataset.status" % json.dumps(opts.agency))
    check(status in ("on_time", "late"), "the board shows %s as received (%s)"
          % (opts.agency, status))
    nrows = await tab.js("document.querySelectorAll('#board-table tbody tr[data-agency]').length")
    check(nrows >= 2, "the board lists every agency due (%d)" % nrows)
    files = await tab.js("[...document.querySelectorAll('#files-table tbody tr')].map(t => t.dataset.file)")
    check(len([f for f in files if f.startswith(opts.agency)]) >= 2,
          "and the agency's two files")
    await tab.shot(shots, "07-board")
    await tab.js("document.querySelector('#files-table button[data-problems]').click()")
    await tab.wait("!document.getElementById('file-problems').hidden", "a file's problems")
    fp = await tab.js(READ_PROBLEMS % json.dumps("#fp-list li.problem"))
    check([(p["line"], p["column"], p["code"]) for p in fp] ==
          [(p["line"], p["column"], p["code"]) for p in want["problems"]],
          "the stored bad file's problems, through /api/problems")
    await tab.js("document.getElementById('file-problems').scrollIntoView()")
    await tab.shot(shots, "08-file-problems", "#file-problems")

    print("7. English, and 800 px wide", flush=True)
    await tab.goto(base + "/?lang=en")
    await tab.wait("document.querySelector('#board-table tbody tr[data-agency]') !== null",
                   "the board in English")
    check(await tab.js("document.documentElement.lang") == "en", "lang=en")
    check(await tab.js("document.querySelector('#logout-form button').textContent") == "Sign out",
          "the labels are English")
    check(await tab.js("document.querySelector('#board-table tr[data-agency] .badge').textContent")
          in ("On time", "Late", "Pending", "Missing", "Rejected", "Not due"),
          "so are the statuses")
    await tab.shot(shots, "09-board-en")
    await tab.click("#logout-form button", navigates=True)
    await tab.width(800)
    await sign_in(tab, base, opts.token, "vi")
    await choose_file(tab, bad_path)
    await tab.click("#btn-check")
    await tab.wait("!document.getElementById('result').hidden", "the check result")
    over = await tab.js("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    check(not over, "at 800 px nothing runs off the page sideways")
    await tab.shot(shots, "10-problems-800px")
    await tab.width(WIDE)

    print("8. the page's split of files against validate's places", flush=True)
    await split_agrees(tab, opts, work)

    refused = [c for c in tab.console if "Content Security Policy" in c
               or "Refused to" in c or c.startswith("exception")]
    check(not refused, "no script or style refused, no exception%s"
          % ("" if not refused else ": " + refused[0]))


# where a problem may point inside a field rather than at its start
INSIDE = {"encoding-error", "source-error", "missing-label"}


async def split_agrees(tab, opts, work):
    """Every file of tests/data/sub and tests/data/input: the page's split (the one that finds
    a problem's row) puts each problem validate reports at the start of a
    field, or past the end of its row for a missing cell; only a bad byte,
    a stray quote or an absent label may point inside one."""
    data = os.path.join(HERE, "..", "data")
    files = sorted(glob.glob(os.path.join(data, "sub", "*.csv")) +
                   glob.glob(os.path.join(data, "input", "submissions",
                                          "*", "*.csv")))
    _, out = run_tiendo(["validate", "--input", opts.input, "--format",
                         "json", "--max-errors", "0"] + files, opts.tiendo)
    total = exact = inside = 0
    wrong = []
    for f in json.loads(out)["files"]:
        probs = [p for p in f["problems"] if isinstance(p.get("line"), int)]
        if not probs:
            continue
        with open(f["file"], "rb") as fh:
            b64 = base64.b64encode(fh.read()).decode()
        got = await tab.js("""(() => {
          const I = window.tiendoIntake;
          const bytes = Uint8Array.from(atob(%s), c => c.charCodeAt(0));
          const split = I.splitCsv(I.decode(bytes.buffer));
          return %s.map(p => { const at = I.locate(split, p);
            if (!at) return 'none';
            if (at.missing) return 'past';
            const fl = at.rec.fields[at.index];
            return fl.line === p.line && fl.col === p.column ? 'start' : 'inside'; });
        })()""" % (json.dumps(b64), json.dumps(probs)))
        for p, g in zip(probs, got):
            total += 1
            if g == "start" or (g == "past" and p["code"] == "missing-cell"):
                exact += 1
            elif p["code"] in INSIDE:  # 'none': an empty file has no row
                inside += 1
            else:
                wrong.append("%s:%d:%d %s (%s)" % (os.path.basename(f["file"]),
                             p["line"], p["column"], p["code"], g))
    check(total >= 40 and not wrong,
          "%d problems in %d files: %d at a field's start (or a missing "
          "cell's place), %d inside one%s" % (total, len(files), exact, inside,
                                              "" if not wrong else
                                              "; wrong: " + ", ".join(wrong[:5])))


async def main_async(opts, work):
    profile = os.path.join(work, "profile")
    os.makedirs(profile)
    proc, port = start_chromium(opts.chromium, profile, opts.pid_file)
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port) as r:
            targets = json.load(r)
        page = [t for t in targets if t["type"] == "page"][0]
        async with websockets.connect(page["webSocketDebuggerUrl"],
                                      max_size=None) as ws:
            tab = Tab(ws)
            try:
                await walk(tab, opts, work)
            finally:
                tab.reader.cancel()
    finally:
        stop_chromium(proc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--admin-token", required=True)
    ap.add_argument("--agency", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--tiendo", default="./tiendo")
    ap.add_argument("--shots", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--max-upload", type=int, default=0,
                    help="the server's --max-upload, to try a file over it")
    ap.add_argument("--pid-file", help="where to write chromium's pid "
                    "(its process group), for a caller's clean-up")
    opts = ap.parse_args()
    # killed politely, still stop chromium (the finally clauses run)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    opts.input = os.path.abspath(opts.input)
    opts.tiendo = os.path.abspath(opts.tiendo)
    os.makedirs(opts.shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="tiendo-browser-")
    try:
        asyncio.run(main_async(opts, work))
    except Failed as e:
        print("  FAIL " + str(e), flush=True)
        print("drive.py: failed; screenshots so far in " + opts.shots)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("drive.py: all steps passed; screenshots in " + opts.shots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
