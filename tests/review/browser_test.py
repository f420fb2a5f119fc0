#!/usr/bin/env python3
"""The review page end to end in a real headless browser (Chromium through Selenium).

Loads samples/r3-total-mismatch.pdf (plan patients: rows sum to 65, the printed total says 63,
samples/content/r3-total-mismatch.json) into a fresh database with the tsuzuri executable, starts
`tsuzuri review` on 127.0.0.1 with a random port, and then:
  - a hostile client is refused: no token, a foreign Host or Origin, a write without the CSRF
    token, a body over the size limit;
  - a person settles three values by keyboard alone: Enter confirms the first row, P and a note
    mark the second as printed, S skips the next three, typing 65 and Enter corrects the total;
    the page says which finding closed and that the rules confirm the other rows, and the end of
    the queue says so;
  - the database (reviews, effective_values) and `tsuzuri export --table effective_values` show
    it.
The server is stopped at the end, whatever happens. Exit 77 (skipped) when Chromium, its driver or
Selenium is missing; scripts/install-deps installs them.

  tests/review/browser_test.py path/to/tsuzuri [--screenshots DIR]
"""
import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

SKIP = 77


def main():
    tsuzuri = os.path.abspath(sys.argv[1])
    shots = None
    if "--screenshots" in sys.argv:
        shots = os.path.abspath(sys.argv[sys.argv.index("--screenshots") + 1])
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        print("SKIP: python3-selenium is not installed (scripts/install-deps)")
        return SKIP
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        print("SKIP: chromium or chromium-driver is not installed (scripts/install-deps)")
        return SKIP

    work = tempfile.mkdtemp(prefix="tsuzuri-browser-")
    db = os.path.join(work, "reports.db")
    server = None
    browser = None
    try:
        sample = os.path.abspath("samples/r3-total-mismatch.pdf")
        subprocess.run([tsuzuri, "ingest", sample, "--db", "reports.db", "--progress", "none",
                        "--jobs", "1"], check=True, stdout=subprocess.DEVNULL, cwd=work)
        server = subprocess.Popen([tsuzuri, "review", "--db", "reports.db", "--port", "0",
                                   "--user", "browser-test"], stdout=subprocess.PIPE, text=True,
                                  cwd=work)
        url = None
        for line in server.stdout:
            m = re.search(r"open (http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+))", line)
            if m:
                url, port, token = m.group(1), int(m.group(2)), m.group(3)
                break
        check(url is not None, "the server prints its address with a token")
        hostile(port, token)

        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,900",
                    "--disable-dev-shm-usage", "--lang=ja"):
            options.add_argument(arg)
        from selenium.webdriver.chrome.service import Service
        browser = webdriver.Chrome(service=Service(driver_path), options=options)
        wait = WebDriverWait(browser, 20)
        browser.get(url)
        wait.until(lambda b: b.find_elements(By.ID, "settle"))
        check("6 items to review" in browser.find_element(By.ID, "count").text,
              "the queue holds the five rows and the total")
        check("rows sum to 65, total row says 63" in browser.find_element(By.ID, "findings").text,
              "the finding's message is shown")
        wait.until(lambda b: b.execute_script(
            "const i = document.getElementById('page-image'); return i.complete && i.naturalWidth > 0"))
        check(browser.execute_script("return document.cookie") == "",
              "the session cookie is HttpOnly: no script reads it")
        if shots:
            browser.save_screenshot(os.path.join(shots, "review-item.png"))

        def item_title():
            return browser.find_element(By.ID, "what").text

        def press(*keys):
            before = browser.current_url
            browser.switch_to.active_element.send_keys(*keys)
            return before

        def moved(before):
            wait.until(lambda b: b.current_url != before and b.find_elements(By.ID, "flash"))

        # 1. Enter confirms the first row as it stands.
        check(item_title().endswith("あさひが丘クリニック"), "the queue starts at the first row")
        moved(press(Keys.ENTER))
        check(item_title().endswith("青葉台内科医院"), "a save moves to the next item")
        # 2. P asks for a note; the note and Enter mark it as printed.
        press("p")
        wait.until(lambda b: "note" in b.find_element(By.ID, "flash").text)
        moved(press("原本の計画値のまま", Keys.ENTER))
        # 3. S skips three rows; typing 65 and Enter corrects the total.
        for _ in range(3):
            moved(press("s"))
        check(item_title().endswith("total row"), "the total comes after the rows")
        press("6", "5")
        if shots:
            browser.save_screenshot(os.path.join(shots, "review-typing.png"))
        before = press(Keys.ENTER)
        wait.until(lambda b: b.current_url != before and b.find_elements(By.ID, "end"))
        flash = browser.find_element(By.ID, "flash").text
        check("closed: sum_of_rows: rows sum to 65, total row says 63" in flash,
              "the page says which finding closed: " + flash)
        check("confirmed by the rules" in flash, "and which values the rules now confirm")
        check("Nothing left to review" in browser.find_element(By.ID, "end").text,
              "the end of the queue says so")
        if shots:
            browser.save_screenshot(os.path.join(shots, "review-end.png"))
        browser.get(url.split("?")[0] + "?item=" + item_id(db, "total"))
        wait.until(lambda b: b.find_elements(By.ID, "settled"))
        check("corrected by browser-test" in browser.find_element(By.ID, "settled").text,
              "a value a person typed shows who")

        database(db)
        export(tsuzuri, db)
    finally:
        if browser:
            browser.quit()
        if server:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print("ok")
    return 0


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def request(port, method, path, headers=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"Host": "127.0.0.1:%d" % port}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


def hostile(port, token):
    status, _, _ = request(port, "GET", "/")
    check(status == 403, "no token: refused (%d)" % status)
    status, _, _ = request(port, "GET", "/?token=" + "0" * len(token))
    check(status == 403, "a wrong token: refused (%d)" % status)
    status, headers, _ = request(port, "GET", "/?token=" + token)
    check(status in (302, 303), "the token is traded for a cookie (%d)" % status)
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    check(cookie.startswith("tsuzuri_review=") and "HttpOnly" in headers["Set-Cookie"],
          "an HttpOnly cookie")
    status, headers, page = request(port, "GET", "/", {"Cookie": cookie})
    check(status == 200, "the cookie lets in (%d)" % status)
    check("script-src 'self'" in headers.get("Content-Security-Policy", ""),
          "a Content-Security-Policy")
    csrf = re.search(rb'data-csrf="([0-9a-f]+)"', page).group(1).decode()
    status, _, _ = request(port, "GET", "/", {"Cookie": cookie, "Host": "evil.example:%d" % port})
    check(status == 403, "a foreign Host (DNS rebinding): refused (%d)" % status)
    body = json.dumps({"id": "1", "action": "confirm"})
    json_type = {"Content-Type": "application/json"}
    status, _, _ = request(port, "POST", "/api/settle", dict(json_type, Cookie=cookie), body)
    check(status == 403, "a write without the CSRF token: refused (%d)" % status)
    status, _, _ = request(port, "POST", "/api/settle",
                           dict(json_type, Cookie=cookie, **{"X-CSRF-Token": csrf,
                                "Origin": "http://evil.example"}), body)
    check(status == 403, "a write from another origin: refused (%d)" % status)
    status, _, _ = request(port, "POST", "/api/settle",
                           dict(json_type, **{"X-CSRF-Token": csrf}), body)
    check(status == 403, "a write with the CSRF token but no access cookie: refused (%d)" % status)
    status, _, _ = request(port, "POST", "/api/settle",
                           dict(json_type, Cookie=cookie, **{"X-CSRF-Token": csrf}),
                           json.dumps({"id": "1", "action": "confirm", "note": "x" * 100000}))
    check(status == 413, "a body over the size limit: refused (%d)" % status)


def item_id(db, which):
    con = sqlite3.connect(db)
    try:
        return str(con.execute("SELECT measure_id FROM effective_values WHERE section = 'patients' "
                               "AND period = 'plan' AND is_total = 1").fetchone()[0])
    finally:
        con.close()


def database(db):
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT action, reviewer, old_value, new_value, note FROM reviews "
                           "ORDER BY id").fetchall()
        check([r[0] for r in rows] == ["confirmed", "as-printed", "corrected"],
              "three settlements, in order: %r" % rows)
        check(all(r[1] == "browser-test" for r in rows), "by the reviewer named with --user")
        check(rows[1][4] == "原本の計画値のまま", "the note is kept")
        check(rows[2][2:4] == (63, 65), "the total: 63 as read, 65 now")
        eff = dict((r[0], r[1:]) for r in con.execute(
            "SELECT institution, value, status, settlement, settled_by FROM effective_values "
            "WHERE section = 'patients' AND period = 'plan'"))
        check(eff["連携する医療機関内の合計"] == (65, "ok", "corrected", "browser-test"),
              "total: %r" % (eff["連携する医療機関内の合計"],))
        check(eff["あさひが丘クリニック"] == (22, "ok", "confirmed", "browser-test"), "row 1")
        check(eff["青葉台内科医院"] == (8, "ok", "as-printed", "browser-test"), "row 2")
        for name, value in (("みなと在宅診療所", 28), ("いずみ整形外科クリニック", 2),
                            ("たかの台ファミリークリニック", 5)):
            check(eff[name] == (value, "ok", "rules", "rules"), "%s: %r" % (name, eff[name]))
        check(con.execute("SELECT value FROM measures WHERE is_total = 1 AND section = 'patients' "
                          "AND period = 'plan'").fetchone()[0] == 63, "the value as read stays")
    finally:
        con.close()


def export(tsuzuri, db):
    out = subprocess.run([tsuzuri, "export", "--db", db, "--table", "effective_values"],
                         check=True, capture_output=True, text=True).stdout
    rows = [r for r in csv.DictReader(io.StringIO(out))
            if r["section"] == "patients" and r["period"] == "plan" and r["is_total"] == "1"]
    check(len(rows) == 1 and rows[0]["value"] == "65" and rows[0]["read_value"] == "63" and
          rows[0]["settlement"] == "corrected" and rows[0]["settled_by"] == "browser-test",
          "the export gives the corrected total: %r" % rows)


if __name__ == "__main__":
    sys.exit(main())
