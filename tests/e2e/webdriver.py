#!/usr/bin/env python3
"""End-to-end journeys in the real Plumb window, driven through tauri-driver (W3C WebDriver).

Python's standard library only, so nothing is downloaded. Usage:
    webdriver.py APP_BINARY DRIVER_URL SCREENSHOT_DIR
Prints one line per journey and a closing 'N passed, N failed' line; exits non-zero on failure.

toolchain.md, WebDriver pitfalls: WebKitWebDriver can drop the connection on the first commands
after a session starts, so we wait for document.readyState == 'complete' plus 0.5 s, and retry
session creation once; screenshots are taken after a short pause so they show the new frame.
"""

import base64
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_S = 20


class WebDriverError(RuntimeError):
    pass


class Session:
    def __init__(self, driver_url, application):
        self.driver = driver_url.rstrip("/")
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}}
        value = self._request("POST", "/session", caps)
        self.id = value["sessionId"]
        self.wait_until(lambda: self.execute("return document.readyState") == "complete", "page loaded")
        time.sleep(0.5)

    def _request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        # tauri-driver forwards over a pooled keep-alive connection that WebKitWebDriver sometimes
        # has already closed; hyper then fails to *send* ("client error (SendRequest)") and drops
        # our connection. The command never reached the browser, so sending it again is safe.
        for attempt in range(3):
            req = urllib.request.Request(self.driver + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    return json.loads(resp.read() or b"{}").get("value")
            except urllib.error.HTTPError as e:
                raise WebDriverError(f"{method} {path}: {e.code} {e.read()[:500]!r}") from e
            except (http.client.RemoteDisconnected, ConnectionResetError) as e:
                if attempt == 2:
                    raise WebDriverError(f"{method} {path}: driver dropped the connection 3 times") from e
                print(f"  driver dropped the connection on {method} {path}; sending again", file=sys.stderr)
                time.sleep(0.3)

    def cmd(self, method, path, body=None):
        return self._request(method, f"/session/{self.id}{path}", body)

    def execute(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait_until(self, predicate, what):
        deadline = time.time() + TIMEOUT_S
        last = None
        while time.time() < deadline:
            try:
                result = predicate()
                if result:
                    return result
            except WebDriverError as e:
                last = e
            time.sleep(0.2)
        raise AssertionError(f"timed out after {TIMEOUT_S} s waiting for {what}" + (f" ({last})" if last else ""))

    def find(self, testid):
        def look():
            found = self.cmd("POST", "/elements", {"using": "css selector", "value": f'[data-testid="{testid}"]'})
            return found[0] if found else None
        element = self.wait_until(look, f'[data-testid="{testid}"]')
        return next(iter(element.values()))

    def texts(self, testid):
        elements = self.cmd("POST", "/elements", {"using": "css selector", "value": f'[data-testid="{testid}"]'})
        return [self.cmd("GET", f"/element/{next(iter(e.values()))}/text").strip() for e in elements]

    def click(self, testid):
        # Whatever the person reads before each click is scanned, as at every screenshot.
        assert_app_words(self)
        self.cmd("POST", f"/element/{self.find(testid)}/click", {})

    def screenshot(self, path):
        time.sleep(1.0)
        assert_app_words(self)
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))

    def views(self, shots, name):
        """The screen as it is now at 1280x800 and at 1024x768, for docs/screenshots/ (every view
        of the app is taken at both sizes by some journey; run.sh copies them there on request)."""
        folder = os.path.join(shots, "views")
        os.makedirs(folder, exist_ok=True)
        self.screenshot(os.path.join(folder, f"{name}.png"))
        self.cmd("POST", "/window/rect", {"width": 1024, "height": 768})
        self.screenshot(os.path.join(folder, f"{name}-1024.png"))
        self.cmd("POST", "/window/rect", {"width": 1280, "height": 800})
        time.sleep(0.3)

    def close(self):
        try:
            self.cmd("DELETE", "")
        except (WebDriverError, OSError):
            pass


# What the person in front of the window must never read: a command to type, a flag, a Rust path
# or the text of a failed IPC call. SQL, definitions and evidence files are shown as they are (an
# SQL comment starts with "-- "), so <pre> blocks are left out: the app's own texts are not in one.
CLI_WORDS = re.compile(
    r"\bplumb (plan|apply|approve|diff|lint|migrate|profile|history|drift|snapshot|export|bench|audit|show|verify)\b"
    r"|(^|[\s(`'\"])--[a-z][a-z-]+"
    r"|\b(sqlx|plumb|tauri|tokio|std|serde)[a-z_]*::"
    r"|\.rs:\d+"
    r"|invalid args|command [a-z_]+ not found|missing required key")
RENDERED_WORDS = """
const skip = (e) => e.closest('pre, [data-testid^="ddl-"], [data-testid="public-key"]');
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const e = n.parentElement;
  if (!e || skip(e) || e.closest('script, style')) continue;
  if (n.textContent.trim()) out.push(n.textContent.trim());
}
for (const e of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
  if (skip(e)) continue;
  for (const a of ['title', 'placeholder', 'aria-label']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
}
return out;"""


def assert_app_words(s):
    """Every string on the page is written for the person in front of the window."""
    found = [t for t in s.execute(RENDERED_WORDS) if CLI_WORDS.search(t)]
    assert not found, f"developer text on the page: {found[:5]}"


def open_session(driver_url, application):
    try:
        return Session(driver_url, application)
    except (WebDriverError, OSError, ConnectionError) as first:
        print(f"  session start failed once ({first}); retrying", file=sys.stderr)
        time.sleep(1.0)
        return Session(driver_url, application)


def browse_demo_prod_tasks(s, shots):
    """Open demo-prod from the sidebar, select the tasks table, read its column names."""
    s.click("source-demo-prod")
    s.click("object-table-tasks")
    s.find("table-details")
    columns = s.wait_until(lambda: s.texts("column-name"), "the tasks columns")
    names = [c.replace("PK", "").strip() for c in columns]
    assert "title" in names, f"tasks has a title column, got {names}"
    assert "estimate_minutes" not in names, "estimate_minutes exists only in demo-dev"
    rows = s.texts("row-count")
    assert rows == ["12 rows"], f"row count shown: {rows}"
    band = s.texts("env-band")
    assert band == ["PRODUCTION · demo-prod"], f"production is named across the window: {band}"
    # Foreign keys are links both ways: tasks → projects, and projects lists who points at it.
    assert "comments" in " ".join(s.texts("referenced-by")), s.texts("referenced-by")
    s.views(shots, "browse")
    s.execute("""[...document.querySelectorAll('[data-testid="fk-target"]')]
        .find((b) => b.textContent.startsWith('projects')).click();""")
    s.wait_until(lambda: s.execute("""return document.querySelector('[data-testid="object-table-projects"]')
        .classList.contains('selected')"""), "the foreign key's target selected in the list")
    assert "tasks" in " ".join(s.texts("referenced-by-table")), s.texts("referenced-by-table")
    s.execute("""[...document.querySelectorAll('[data-testid="referenced-by-table"]')]
        .find((b) => b.textContent === 'tasks').click();""")
    s.wait_until(lambda: "project_id" in [c.replace("PK", "").strip() for c in s.texts("column-name")],
                 "back on tasks from the list of tables referencing projects")
    # The ER diagram: every table with its keys, every foreign key an edge, laid out by ELK.
    s.click("browse-diagram")
    drawn = """return { tables: document.querySelectorAll('[data-testid="er-table"]').length,
        edges: document.querySelectorAll('.svelte-flow__edge').length };"""
    s.wait_until(lambda: s.execute(drawn) == {"tables": 6, "edges": 8}, "6 tables and 8 foreign keys drawn")
    assert s.texts("er-count") == ["6 tables, 8 foreign keys"], s.texts("er-count")
    overlaps = s.execute("""const boxes = [...document.querySelectorAll('[data-testid="er-table"]')].map((e) => e.getBoundingClientRect());
        return boxes.some((a, i) => boxes.some((b, j) => i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));""")
    assert not overlaps, "no two tables overlap"
    s.views(shots, "browse-diagram")
    s.click("object-table-projects")
    s.wait_until(lambda: s.execute("""return document.querySelector('[data-testid="er-table"][data-name="projects"]')
        .classList.contains('focused')"""), "the table chosen in the list marked in the diagram")
    s.execute("""[...document.querySelectorAll('[data-testid="er-open"]')].find((b) => b.textContent === 'users').click();""")
    s.wait_until(lambda: "email" in [c.replace("PK", "").strip() for c in s.texts("column-name")],
                 "a table's name in the diagram opens it")


def filter_and_switch_to_demo_dev(s, shots):
    """The filter narrows the object list; demo-dev shows the column prod does not have yet."""
    s.click("source-demo-dev")
    s.wait_until(lambda: s.texts("object-table-labels"), "demo-dev's labels table")
    assert s.texts("env-band") == [""], "a dev database gets the thin band, without words"
    search = s.find("object-search")
    s.cmd("POST", f"/element/{search}/value", {"text": "lab"})
    s.wait_until(lambda: not s.texts("object-table-tasks"), "tasks filtered out")
    assert s.texts("object-table-labels"), "labels matches 'lab'"
    # The filter says how many it shows of how many there are, and the arrows walk the list.
    listed = s.execute("""return [...document.querySelectorAll('[data-testid="object-search"] ~ ul button')].length""")
    total = s.execute("""return document.querySelector('[data-testid="object-search"]').placeholder.split(' ')[1]""")
    assert s.texts("object-found") == [f"{listed} of {total}"], (s.texts("object-found"), listed, total)
    # Backspaces, as a user would: WebDriver's element clear fires no input event in WebKit.
    s.cmd("POST", f"/element/{search}/value", {"text": "\ue003" * 3})
    s.click("object-table-tasks")
    s.wait_until(lambda: "estimate_minutes" in [c.replace("PK", "").strip() for c in s.texts("column-name")],
                 "demo-dev's tasks.estimate_minutes")
    order = s.execute("""return [...document.querySelectorAll('[data-testid="object-search"] ~ ul button')]
        .map((b) => b.dataset.testid);""")
    s.cmd("POST", f"/element/{search}/value", {"text": "\ue015"})
    after = order[order.index("object-table-tasks") + 1]
    s.wait_until(lambda: s.execute(f"""return document.querySelector('[data-testid="{after}"]').classList.contains('selected')"""),
                 "ArrowDown selects the next object")


def press(s, key, ctrl=True):
    """A key pressed in the window, as its shortcuts listen for it (on the window itself)."""
    s.execute("""window.dispatchEvent(new KeyboardEvent('keydown',
        { key: arguments[0], ctrlKey: arguments[1], bubbles: true, cancelable: true }));""", key, ctrl)


def command_palette_and_shortcuts(s, shots):
    """Ctrl+K finds any action by a few letters (a view, a database to browse); Ctrl+1…5 switch
    views; the view is remembered for the next start."""
    selected = """return document.querySelector('[role="tablist"] [aria-selected="true"]').dataset.testid"""
    press(s, "k")
    search = s.find("command-search")
    s.cmd("POST", f"/element/{search}/value", {"text": "histry"})
    assert s.wait_until(lambda: s.texts("command-go-history"), "History found")[0].startswith("History")
    s.views(shots, "command-palette")
    s.cmd("POST", f"/element/{search}/value", {"text": "\ue007"})
    s.wait_until(lambda: s.execute(selected) == "mode-history", "History chosen from the palette")
    assert not s.texts("command-palette"), "the palette closes once a command ran"
    press(s, "k")
    search = s.find("command-search")
    s.cmd("POST", f"/element/{search}/value", {"text": "browse dev"})
    s.wait_until(lambda: s.texts("command-browse-demo-dev"), "demo-dev offered")
    s.cmd("POST", f"/element/{search}/value", {"text": "\ue007"})
    s.wait_until(lambda: s.texts("browse-title") and s.texts("browse-title")[0].startswith("demo-dev"), "demo-dev browsed")
    press(s, "4")
    s.wait_until(lambda: s.execute(selected) == "mode-migrations", "Ctrl+4 opens Migrations")
    assert s.execute("return localStorage.getItem('plumb.view')") == "migrations", "the view is kept for the next start"
    press(s, "1")
    s.wait_until(lambda: s.execute(selected) == "mode-browse", "Ctrl+1 back to Browse")


def stop_readings_that_hang(s, shots):
    """A server that accepts the connection and never answers: the reading shows its progress and
    Stop ends it at once, back on the database shown before; in Compare too. Nothing is reported
    as an error: the user stopped it."""
    import socket
    silent = []
    for _ in range(2):
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        silent.append(server)
    try:
        urls = [f"postgres://postgres@127.0.0.1:{server.getsockname()[1]}/silent" for server in silent]
        s.click("source-demo-dev")
        s.wait_until(lambda: s.texts("browse-title") and s.texts("browse-title")[0].startswith("demo-dev"), "demo-dev")
        open_source(s, urls[0])
        s.wait_until(lambda: s.texts("browse-stop"), "the reading under way")
        s.click("browse-stop")
        s.wait_until(lambda: not s.texts("browse-stop") and s.texts("browse-title")[0].startswith("demo-dev"),
                     "back on demo-dev at once")
        assert not s.texts("error-banner"), s.texts("error-banner")
        open_source(s, urls[1])
        s.click("browse-stop")
        s.click("mode-compare")
        select_source(s, "compare-from", f"{silent[0].getsockname()[1]}/silent")
        select_source(s, "compare-to", f"{silent[1].getsockname()[1]}/silent")
        s.click("compare-button")
        s.wait_until(lambda: s.texts("compare-stop"), "the comparison reading both sides")
        s.click("compare-stop")
        s.wait_until(lambda: not s.texts("compare-progress"), "the comparison stopped")
        assert not s.texts("error-banner"), s.texts("error-banner")
    finally:
        for server in silent:
            server.close()


def open_a_postgres_server(s, shots):
    """Type a postgres:// URL into the sidebar: the schema is read from the live server."""
    url = os.environ.get("PLUMB_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    open_source(s, url)
    s.wait_until(lambda: any("PostgreSQL" in t for t in s.texts("status-bar")), "the server version in the status bar")
    overview = s.wait_until(lambda: s.texts("database-overview"), "the database overview")
    assert "plpgsql" in overview[0], f"extensions are listed: {overview[0][:200]}"
    s.views(shots, "browse-postgres-overview")


def open_source(s, text):
    """Types a URL or a path into the sidebar's field and opens it, as a user would."""
    field = s.find("open-source-input")
    s.cmd("POST", f"/element/{field}/value", {"text": text})
    s.click("open-source-button")


def select_source(s, testid, text):
    """Picks the option of a source picker whose label contains `text`, as a user's choice would."""
    picked = s.execute(
        """const select = document.querySelector(`[data-testid="${arguments[0]}"]`);
        const option = [...select.options].find((o) => o.text.includes(arguments[1]));
        if (!option) return null;
        select.value = option.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return option.text;""",
        testid, text)
    assert picked, f"{testid} offers {text}"


def data_losses(s):
    s.click("tab-plan")
    s.find("plan-sql")
    return s.texts("data-loss")


def compare_demo_prod_with_demo_dev(s, shots):
    """Compare demo-prod with demo-dev: the tree, a table's DDL side by side, the plan and its
    rollback, and a possible rename confirmed with a toggle (which saves a column's data)."""
    s.click("mode-compare")
    select_source(s, "compare-from", "demo-prod")
    select_source(s, "compare-to", "demo-dev")
    s.click("compare-button")
    count = s.wait_until(lambda: s.texts("compare-count"), "the comparison summary")
    assert count == ["4 objects differ"], count
    checks = s.texts("data-checks")
    assert checks and "counted in the current data" in checks[0], checks
    statuses = s.execute("""return Object.fromEntries([...document.querySelectorAll('[data-testid^="diff-object-"]')]
        .map((e) => [e.dataset.testid, e.dataset.status]));""")
    assert statuses.get("diff-object-table-labels") == "added", statuses
    assert statuses.get("diff-object-table-tasks") == "changed", statuses
    # A status chip filters *to* its status; clicked again, everything is back.
    listed = """return [...document.querySelectorAll('[data-testid^="diff-object-"]')].map((e) => e.dataset.status);"""
    s.click("filter-added")
    s.wait_until(lambda: s.execute(listed) == ["added"], "only the added objects")
    s.click("filter-added")
    s.wait_until(lambda: len(s.execute(listed)) == 4, "every object again")

    s.click("diff-object-table-tasks")
    s.find("ddl-diff")
    added = s.execute("""return [...document.querySelectorAll('[data-testid="ddl-right"].added')]
        .map((m) => m.textContent);""")
    assert any("estimate_minutes" in line for line in added), f"the new column is an added line: {added}"
    emphasized = s.execute("""return [...document.querySelectorAll('[data-testid="ddl-right"] mark')]
        .map((m) => m.textContent);""")
    assert emphasized == [', "status"'], f"only the index's new key part is emphasized: {emphasized}"
    s.views(shots, "compare")

    losses = data_losses(s)
    assert len(losses) == 2 and any("archived_at" in l for l in losses), losses
    marked = """return [...document.querySelectorAll('[data-testid="data-loss"]')]
        .map((d) => d.closest('li').querySelector('[data-testid="step-sql"]').textContent);"""
    assert all(sql.startswith("DROP TABLE") for sql in s.execute(marked)), s.execute(marked)
    rules = s.execute("""return [...document.querySelectorAll('[data-testid="finding"]')].map((f) => f.dataset.rule);""")
    assert rules.count("drop-column") == 2 and "possible-rename-as-drop-add" in rules, rules
    messages = s.texts("finding")
    assert any("legacy_username holding 3 non-null values" in m for m in messages), messages
    s.execute("""document.querySelector('[data-testid="finding"][data-rule="drop-column"] button').click();""")
    explanation = s.wait_until(lambda: s.texts("finding-explanation"), "the finding's explanation")
    assert "What to do instead" in explanation[0], explanation
    s.click("rename-toggle")
    s.wait_until(lambda: len(s.texts("data-loss")) == 1, "the rename keeping projects.archived_at's data")
    assert s.wait_until(lambda: "1 renamed" in s.texts("filter-renamed")[0], "the renamed count"), s.texts("filter-renamed")
    assert "legacy_username" in s.texts("data-loss")[0]
    rules = s.execute("""return [...document.querySelectorAll('[data-testid="finding"]')].map((f) => f.dataset.rule);""")
    # Renaming keeps the data; it still breaks code that uses the old name, and says so.
    assert rules == ["drop-column", "rename-column"], rules
    left = s.texts("plan-sql-to-acknowledge")
    assert left and left[0].startswith("— 2 of 2 blocking findings still to acknowledge"), left
    for box in s.cmd("POST", "/elements", {"using": "css selector", "value": '[data-testid="acknowledge"]'}):
        s.cmd("POST", f"/element/{next(iter(box.values()))}/click", {})
    s.wait_until(lambda: s.texts("plan-sql-to-acknowledge") == ["— every blocking finding is acknowledged"],
                 "both findings acknowledged")
    assert any("RENAME COLUMN" in sql for sql in s.texts("step-sql")), "the plan renames the column"
    # On Plan SQL, choosing an object shows its statements; a finding's step number shows its own.
    focused = """return [...document.querySelectorAll('[data-testid="plan-sql"] li.focused [data-testid="step-sql"]')]
        .map((e) => e.textContent);"""
    s.click("diff-object-table-projects")
    s.wait_until(lambda: s.execute(focused) and all('"projects"' in sql for sql in s.execute(focused)),
                 "the statements of projects marked")
    assert s.find("plan-sql"), "choosing an object keeps the SQL tab"
    step = s.execute("""const b = document.querySelector('[data-testid="finding-step"]'); b.click(); return b.textContent;""")
    s.wait_until(lambda: s.execute("""return [...document.querySelectorAll('[data-testid="plan-sql"] li.focused')]
        .map((li) => li.dataset.step);""") == [step], f"step {step} alone marked")
    # The list of differences is as wide as the user drags it (or moves it with the arrow keys).
    splitter = s.find("splitter")
    before = int(s.execute("""return document.querySelector('[data-testid="splitter"]').getAttribute('aria-valuenow')"""))
    s.cmd("POST", f"/element/{splitter}/value", {"text": "\ue014\ue014"})
    s.wait_until(lambda: int(s.execute("""return document.querySelector('[data-testid="splitter"]')
        .getAttribute('aria-valuenow')""")) == before + 32, "the tree pane 32 px wider")
    s.views(shots, "compare-plan-sql")
    s.click("tab-rollback")
    s.find("rollback-sql")
    # The way back marks its own losses on its DROPs, and says the dropped values are not in it.
    assert all(sql.startswith("DROP") for sql in s.execute(marked)), s.execute(marked)
    note = s.texts("rollback-sql-note")
    assert note and "restore.sql" in note[0] and "not the values" in note[0], note
    assert s.texts("rollback-sql-losses"), "the rollback's own red count"
    rollback = s.texts("step-sql")
    assert any("RENAME COLUMN" in sql and "archived_at" in sql for sql in rollback), rollback
    # The diagram of the comparison marks what it adds.
    s.click("tab-diagram")
    s.wait_until(lambda: s.execute("""const t = document.querySelector('[data-testid="er-table"][data-name="labels"]');
        return t && t.dataset.status;""") == "added", "labels drawn as added")
    marked = s.execute("""return [...document.querySelectorAll('[data-testid="er-table"][data-status="changed"]')]
        .map((t) => t.dataset.name).sort();""")
    assert marked == ["projects", "tasks", "users"], marked
    # The confirmed rename is drawn as one: archived_on, renamed from archived_at.
    renamed = s.execute("""const projects = document.querySelector('[data-testid="er-table"][data-name="projects"]');
        return [...projects.querySelectorAll('[data-testid="er-column"][data-status="renamed"]')].map((e) => e.textContent);""")
    assert len(renamed) == 1 and "archived_on" in renamed[0] and "archived_at" in renamed[0], renamed
    s.views(shots, "compare-diagram")


def psql(url, sql):
    """Runs `sql` with the psql client (the test servers' own)."""
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True)


def drop_databases(*names):
    """Drops what a journey created on the test server: each test leaves the server as it found it."""
    admin = os.environ.get("PLUMB_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    for name in names:
        psql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def compare_two_postgres_databases(s, current, desired):
    """Creates the two databases (name, SQL) on the test server, opens each from the sidebar's
    field and compares them; the Plan SQL tab is open when it returns."""
    admin = os.environ.get("PLUMB_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    base = admin.rsplit("/", 1)[0]
    for name, sql in (current, desired):
        drop_databases(name)
        psql(admin, f"CREATE DATABASE {name}")
        psql(f"{base}/{name}", sql)
        open_source(s, f"{base}/{name}")
        s.wait_until(lambda: any("PostgreSQL" in t for t in s.texts("status-bar")), "the server read")
    s.click("mode-compare")
    s.wait_until(lambda: s.execute(f"""return [...document.querySelector('[data-testid="compare-to"]').options]
        .some((o) => o.text.includes('{desired[0]}'));"""), "both databases offered")
    select_source(s, "compare-from", current[0])
    select_source(s, "compare-to", desired[0])
    s.click("compare-button")
    s.wait_until(lambda: s.texts("compare-count"), "the comparison summary")
    s.click("tab-plan")


def online_plan_for_a_busy_postgres_table(s, shots):
    """Compare two PostgreSQL databases and switch the plan to online: its steps say which run
    alone outside a transaction, in a transaction of their own, or as a batched backfill."""
    compare_two_postgres_databases(
        s,
        ("plumb_e2e_online_a", "CREATE TABLE orders (id bigint PRIMARY KEY, quantity integer, status text);"
                               "INSERT INTO orders SELECT g, g % 10, 'new' FROM generate_series(1, 1000) g;"),
        ("plumb_e2e_online_b", "CREATE TABLE orders (id bigint PRIMARY KEY, quantity bigint, status text NOT NULL);"
                               "CREATE INDEX orders_status_idx ON orders (status);"),
    )
    # The previous comparison stays on screen until this one is done.
    s.wait_until(lambda: any("plumb_e2e_online_b" in t for t in s.texts("plan-sql")), "the plan of this pair")
    toggle = """return document.querySelector('[data-testid="online-toggle"]')"""
    s.wait_until(lambda: s.execute(toggle + ".disabled === false"), "the comparison done")
    assert not s.texts("step-runs"), "the ordinary plan runs in one transaction"
    s.click("online-toggle")
    s.wait_until(lambda: s.execute(toggle + ".checked"), "the online switch on")
    note = s.wait_until(lambda: [t for t in s.texts("plan-sql-note") if t.startswith("Online")], "the online plan")
    assert "phases" in note[0], note
    runs = s.texts("step-runs")
    assert any("outside any transaction" in r for r in runs), runs
    assert any("in batches of id" in r for r in runs), runs
    assert any("CONCURRENTLY" in sql for sql in s.texts("step-sql")), "the index is built concurrently"
    s.screenshot(os.path.join(shots, "online-plan.png"))
    s.cmd("POST", "/window/rect", {"width": 1024, "height": 768})
    s.screenshot(os.path.join(shots, "online-plan-1024.png"))
    s.cmd("POST", "/window/rect", {"width": 1280, "height": 800})
    s.click("online-toggle")
    s.wait_until(lambda: not s.texts("step-runs"), "back to the ordinary plan")
    drop_databases("plumb_e2e_online_a", "plumb_e2e_online_b")


def a_type_change_without_a_cast_asks_for_the_conversion(s, shots):
    """bigint to timestamptz has no cast in PostgreSQL: instead of an error the Plan SQL tab asks how
    the values convert, and the plan then uses the expression; the conversion can be taken back."""
    compare_two_postgres_databases(
        s,
        ("plumb_e2e_cast_a", "CREATE TABLE events (id int PRIMARY KEY, happened bigint);"),
        ("plumb_e2e_cast_b", "CREATE TABLE events (id int PRIMARY KEY, happened timestamptz);"),
    )
    form = s.wait_until(lambda: s.texts("cast-form"), "the conversion asked for")
    assert "bigint" in form[0] and "timestamp with time zone" in form[0], form
    assert "--using" not in form[0], form
    s.screenshot(os.path.join(shots, "compare-cast-needed.png"))
    s.cmd("POST", "/window/rect", {"width": 1024, "height": 768})
    s.screenshot(os.path.join(shots, "compare-cast-needed-1024.png"))
    s.cmd("POST", "/window/rect", {"width": 1280, "height": 800})
    type_into(s, "cast-expression", "to_timestamp(happened)")
    s.click("cast-use")
    sqls = s.wait_until(lambda: s.texts("step-sql"), "the plan with the conversion")
    assert any("USING (to_timestamp(happened))" in sql for sql in sqls), sqls
    assert any("happened" in t and "to_timestamp" in t for t in s.texts("casts")), s.texts("casts")
    s.screenshot(os.path.join(shots, "compare-cast-used.png"))
    s.click("cast-remove")
    s.wait_until(lambda: s.texts("cast-form"), "the conversion asked for again")
    drop_databases("plumb_e2e_cast_a", "plumb_e2e_cast_b")


def two_thousand_tables(folder):
    """Two SQLite files of 2,000 tables: the second drops 10, adds 10 and adds a column to every
    tenth table."""
    paths = []
    for name, changed in (("big-current.sqlite", False), ("big-desired.sqlite", True)):
        path = os.path.join(folder, name)
        db = sqlite3.connect(path)
        for i in range(2000):
            if changed and i % 200 == 7:
                continue
            extra = ", note TEXT" if changed and i % 10 == 0 else ""
            db.execute(f"CREATE TABLE t{i:04d} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, at TEXT{extra})")
            db.execute(f"CREATE INDEX t{i:04d}_name ON t{i:04d} (name)")
        if changed:
            for i in range(10):
                db.execute(f"CREATE TABLE added_{i} (id INTEGER PRIMARY KEY, payload BLOB)")
        db.commit()
        db.close()
        paths.append(path)
    return paths


def compare_two_thousand_tables(s, shots):
    """Compare two 2,000-table databases: the tree is a virtual list (a few dozen rows in the page,
    not 2,000) and scrolls to the last table."""
    current, desired = two_thousand_tables(tempfile.mkdtemp(prefix="plumb-e2e-big-"))
    for path in (current, desired):
        open_source(s, path)
        if path == desired:
            # While the second is read, the first one's list is not passed off as it.
            reading = s.wait_until(lambda: s.texts("browse-loading"), "the reading state")
            assert reading[0].startswith("Reading ") and "big-desired.sqlite…" in reading[0], reading
        s.wait_until(lambda: not s.texts("browse-loading") and s.texts("object-table-t0001"), "the schema read")
    s.click("mode-compare")
    select_source(s, "compare-from", "big-current")
    select_source(s, "compare-to", "big-desired")
    started = time.time()
    s.click("compare-button")
    s.wait_until(lambda: s.texts("compare-count") == ["220 objects differ"], "the 2,000-table comparison")
    print(f"  2,000 tables: compared and shown in {time.time() - started:.1f} s (reading both included)")
    tree = s.execute("""const tree = document.querySelector('[data-testid="diff-tree"]');
        return { rows: Number(tree.dataset.rows),
                 rendered: tree.querySelectorAll('[data-testid^="diff-object-"]').length };""")
    assert tree["rows"] >= 220 and tree["rendered"] < 100, f"only the rows in view are in the page: {tree}"
    s.execute("""const tree = document.querySelector('[data-testid="diff-tree"]');
        tree.scrollTop = tree.scrollHeight; tree.dispatchEvent(new Event("scroll"));""")
    s.wait_until(lambda: s.texts("diff-object-table-t1990"), "the last changed table after scrolling")
    s.click("diff-object-table-t1990")
    assert any("note" in line for line in s.texts("ddl-right")), "its DDL shows the added column"


def browse_and_compare_two_thousand_postgres_tables(s, shots):
    """Two 2,000-table PostgreSQL schemas (plumb bench generate, the changed one with a column added
    to 200 tables and 80 indexes dropped): how long the window takes to list one, and to show the
    tree of their comparison, measured from the click and printed (the goals are for a release
    build: under 1.5 s and 2.5 s)."""
    cli = os.path.join(os.path.dirname(os.environ["E2E_APP"]), "plumb")
    build = os.path.basename(os.path.dirname(os.environ["E2E_APP"]))
    admin = os.environ.get("PLUMB_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    base = admin.rsplit("/", 1)[0]
    names = ["e2e_big_current", "e2e_big_changed"]
    for name, changed in zip(names, (False, True)):
        drop_databases(name)
        psql(admin, f"CREATE DATABASE {name}")
        made = subprocess.run([cli, "bench", "generate", *(["--changed"] if changed else []), f"{base}/{name}"],
                              capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
    try:
        # Typed first, timed from the click.
        field = s.find("open-source-input")
        s.cmd("POST", f"/element/{field}/value", {"text": f"{base}/{names[0]}"})
        started = time.time()
        s.click("open-source-button")
        s.wait_until(lambda: s.texts("object-table-t00000"), "the 2,000 tables listed")
        browse = time.time() - started
        open_source(s, f"{base}/{names[1]}")
        s.wait_until(lambda: not s.texts("browse-loading") and s.texts("object-table-t00000"), "the changed schema")
        s.click("mode-compare")
        select_source(s, "compare-from", names[0])
        select_source(s, "compare-to", names[1])
        started = time.time()
        s.click("compare-button")
        # The tree of this comparison, not the one shown before it.
        shown = """const s = document.querySelector('[data-testid="compare-summary"]');
            return s && s.textContent.includes(arguments[0]) && !s.textContent.includes('updating')
                && !!document.querySelector('[data-testid="diff-tree"]');"""
        s.wait_until(lambda: s.execute(shown, names[1]), "the comparison's tree")
        compare = time.time() - started
        print(f"  2,000 PostgreSQL tables ({build} build): browse listed in {browse:.2f} s (goal 1.5 s), "
              f"compare tree shown in {compare:.2f} s (goal 2.5 s)")
    finally:
        drop_databases(*names)


def type_into(s, testid, text):
    s.cmd("POST", f"/element/{s.find(testid)}/value", {"text": text})


def sqlite_profile_create_test_browse_delete(s, shots):
    """Save an SQLite file as a profile (the form checks its fields and the connection), test it
    from the sidebar, browse its tables, then delete it; a production profile is read-only and
    says so."""
    folder = tempfile.mkdtemp(prefix="plumb-e2e-profile-")
    path = os.path.join(folder, "shop.sqlite")
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);"
                         "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id));")
    s.click("profile-add")
    s.find("profile-dialog")
    select_source(s, "profile-field-dialect", "SQLite")
    s.click("profile-save")
    assert s.wait_until(lambda: s.texts("problem-name"), "the missing name marked"), "a name is required"
    assert s.texts("problem-path"), "a file is required"
    type_into(s, "profile-field-name", "e2e-shop")
    type_into(s, "profile-field-path", path)
    s.click("profile-check")
    result = s.wait_until(lambda: s.texts("profile-check-result"), "the connection check in the form")[0]
    assert "SQLite" in result and "2 tables" in result, result
    s.views(shots, "profile-form")
    s.click("profile-save")
    s.wait_until(lambda: not s.texts("profile-dialog"), "the form closed")
    s.click("profile-actions-e2e-shop")
    s.click("profile-test-e2e-shop")
    s.wait_until(lambda: s.execute(
        'return document.querySelector(\'[data-testid="profile-status-e2e-shop"]\').dataset.state === "ok"'),
        "the status dot turns green")
    check = s.wait_until(lambda: s.texts("profile-check-e2e-shop"), "the check line")[0]
    assert "2 tables" in check, check
    s.click("profile-e2e-shop")
    s.wait_until(lambda: s.texts("object-table-customers"), "the profile's tables")
    assert s.texts("object-table-orders")
    assert s.texts("env-band") == [""], "a dev profile"
    assert s.texts("profile-status-e2e-shop") == ["✓"], "browsing it showed the connection works"

    # Switched to production while browsing it: on save, the window turns red and read-only at once.
    if not s.texts("profile-edit-e2e-shop"):
        s.click("profile-actions-e2e-shop")
    s.click("profile-edit-e2e-shop")
    select_source(s, "profile-field-environment", "prod")
    assert s.execute('return document.querySelector(\'[data-testid="profile-field-readonly"]\').checked'), \
        "production ticks read-only"
    s.click("profile-save")
    s.wait_until(lambda: not s.texts("profile-dialog"), "the form closed")
    s.wait_until(lambda: s.texts("env-band") == ["PRODUCTION · e2e-shop"], "the production band without reselecting")
    assert [t.lower() for t in s.texts("browse-environment")] == ["production"], s.texts("browse-environment")
    assert s.cmd("POST", "/elements", {"using": "css selector", "value": '[data-testid="profile-readonly-e2e-shop"]'}), \
        "the read-only lock beside the name"
    s.screenshot(os.path.join(shots, "profile-switched-to-production.png"))
    if not s.texts("profile-edit-e2e-shop"):
        s.click("profile-actions-e2e-shop")
    s.click("profile-edit-e2e-shop")
    select_source(s, "profile-field-environment", "dev")
    s.click("profile-save")
    s.wait_until(lambda: not s.texts("profile-dialog"), "the form closed")
    s.wait_until(lambda: s.texts("env-band") == [""], "back to dev")
    config = os.path.join(os.environ["XDG_CONFIG_HOME"], "plumb", "profiles.toml")
    with open(config, encoding="utf-8") as f:
        assert 'name = "e2e-shop"' in f.read(), "saved where the CLI reads profiles"
    s.screenshot(os.path.join(shots, "profile-browse.png"))

    # A production profile: read-only, and labelled as production where its schema is shown.
    s.click("profile-add")
    type_into(s, "profile-paste-url", f"sqlite:{path}")
    s.click("profile-fill")
    s.wait_until(lambda: s.execute(
        'return document.querySelector(\'[data-testid="profile-field-path"]\')?.value'), "the path filled in")
    select_source(s, "profile-field-environment", "prod")
    type_into(s, "profile-field-name", "e2e-live")
    assert s.execute('return document.querySelector(\'[data-testid="profile-field-readonly"]\').checked'), \
        "production starts read-only"
    s.click("profile-save")
    s.wait_until(lambda: not s.texts("profile-dialog"), "the form closed")
    s.click("profile-e2e-live")
    s.wait_until(lambda: [t.lower() for t in s.texts("browse-environment")] == ["production"], "the production label")
    s.screenshot(os.path.join(shots, "profile-production.png"))

    for name in ["e2e-live", "e2e-shop"]:
        if not s.texts(f"profile-delete-{name}"):
            s.click(f"profile-actions-{name}")
        s.click(f"profile-delete-{name}")
        s.click("confirm-action")
        s.wait_until(lambda: not s.texts(f"profile-{name}"), f"{name} gone from the sidebar")
    with open(config, encoding="utf-8") as f:
        assert "e2e-shop" not in f.read(), "removed from the profile file"


def files_holding(text, folders):
    """Every file under `folders` whose bytes contain `text`."""
    found = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                try:
                    with open(path, "rb") as f:
                        if text.encode() in f.read():
                            found.append(path)
                except OSError:
                    pass
    return found


def server_profile_password_stays_in_the_keychain(s, shots):
    """A PostgreSQL URL with a password pasted into the form: the password moves to the Secret
    Service (the private gnome-keyring of this run), the profile connects and lists its schema,
    and no file the app wrote — profiles, checks, logs — holds the password."""
    secret = f"e2e-Secret-{os.getpid()}"
    url = urllib.parse.urlsplit(os.environ.get("PLUMB_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    netloc = f"{url.username or 'postgres'}:{secret}@{url.hostname}:{url.port or 5432}"
    s.click("profile-add")
    # Enter in the URL field fills the fields (it does not save the half-filled profile).
    type_into(s, "profile-paste-url", urllib.parse.urlunsplit((url.scheme, netloc, url.path, url.query, "")) + "\ue007")
    s.wait_until(lambda: s.execute(
        'return document.querySelector(\'[data-testid="profile-field-password"]\')?.value'), "the password moved")
    assert s.texts("profile-dialog"), "the form is still open"
    assert s.execute('return document.querySelector(\'[data-testid="profile-field-host"]\').value') == url.hostname
    select_source(s, "profile-field-environment", "staging")
    type_into(s, "profile-field-name", "e2e-pg")
    # A port the network does not have is marked at the field, in the form's words.
    for bad in ("99999", "abc"):
        replace_text(s, "profile-field-port", bad)
        s.click("profile-save")
        problem = s.wait_until(lambda: s.texts("problem-port"), "the port marked")[0]
        assert "1 to 65535" in problem and "invalid args" not in problem, problem
        assert s.texts("profile-dialog"), "nothing saved"
    s.screenshot(os.path.join(shots, "profile-bad-port.png"))
    replace_text(s, "profile-field-port", str(url.port or 5432))
    s.wait_until(lambda: not s.texts("problem-port"), "the mark gone once the port is right")
    s.click("profile-save")
    s.wait_until(lambda: not s.texts("profile-dialog"), "the form closed")
    s.click("profile-e2e-pg")
    s.wait_until(lambda: any("PostgreSQL" in t for t in s.texts("status-bar")), "the server's schema read through the profile")
    s.click("profile-actions-e2e-pg")
    s.click("profile-test-e2e-pg")
    s.wait_until(lambda: "PostgreSQL" in " ".join(s.texts("profile-check-e2e-pg")), "the connection check")
    stored = subprocess.run(["secret-tool", "search", "service", "plumb"], capture_output=True, text=True, check=False)
    assert secret in stored.stdout, "the password is in the Secret Service"
    folders = [os.environ[k] for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME") if os.environ.get(k)]
    # gnome-keyring's own files are encrypted: a plaintext hit anywhere is a leak.
    leaks = files_holding(secret, folders)
    assert not leaks, f"the password is in {leaks}"
    assert files_holding("e2e-pg", folders), "the app did write its files there"
    s.click("profile-delete-e2e-pg")
    s.click("confirm-action")
    s.wait_until(lambda: not s.texts("profile-e2e-pg"), "the profile gone")
    stored = subprocess.run(["secret-tool", "search", "service", "plumb"], capture_output=True, text=True, check=False)
    assert secret not in stored.stdout, "the password left with the profile"


def replace_text(s, testid, text):
    element = s.find(testid)
    s.cmd("POST", f"/element/{element}/clear", {})
    s.cmd("POST", f"/element/{element}/value", {"text": text})


def compare_with_the_rename_confirmed(s, current):
    """Compares `current` with demo-dev and confirms the rename Plumb offers (archived_at → archived_on)."""
    s.click("mode-compare")
    select_source(s, "compare-from", current)
    select_source(s, "compare-to", "demo-dev")
    s.click("compare-button")
    s.wait_until(lambda: s.texts("compare-count"), "the comparison")
    s.click("rename-toggle")
    s.wait_until(lambda: "1 renamed" in s.texts("filter-renamed")[0], "the rename confirmed")


def create_plan_in(s, project):
    """Opens Create plan, chooses `project` as the project folder in the dialog, and returns the
    plan file's default path in its plans folder (nothing saved yet)."""
    s.click("create-plan")
    s.find("create-plan-dialog")
    s.click("project-choose")
    replace_text(s, "project-folder", project)
    s.click("project-use")
    s.wait_until(lambda: s.texts("project-root") == [project], "the project chosen in the dialog")
    return s.wait_until(lambda: s.execute(
        """const v = document.querySelector('[data-testid="create-plan-path"]').value;
        return v.includes('/.plumb/plans/') && v;"""), "the default plan file in the project's plans folder")


def apply_when_allowed(s, why):
    """Clicks Apply once the gate allows it (`why` says why it should) and returns the run's status."""
    s.wait_until(lambda: not s.execute("""return document.querySelector('[data-testid="apply-button"]').disabled"""), why)
    s.click("apply-button")
    return s.wait_until(lambda: s.execute(
        """const e = document.querySelector('[data-testid="apply-status"]'); return e && e.dataset.status;"""),
        "the run's outcome")


def plan_demo_prod_to_demo_dev(out):
    """Makes the plan from demo-prod to demo-dev with the CLI, as a developer would for review."""
    cli = os.path.join(os.path.dirname(os.environ["E2E_APP"]), "plumb")
    demo = os.path.join(os.environ["XDG_DATA_HOME"], "dev.plumb.desktop", "demo")
    made = subprocess.run([cli, "plan", os.path.join(demo, "demo-prod.sqlite"), os.path.join(demo, "demo-dev.sqlite"),
                           "--out", out], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr


def approve_as_one_user_apply_as_another(s, shots):
    """No terminal at any step: Ana compares demo-prod with demo-dev, confirms the offered rename,
    creates the plan in the project's plans folder, reads it in Review & apply, acknowledges its
    blocking findings and approves it; Bo trusts her key from his window. Bo, on
    his own account (another app with its own keychain and demo databases), opens the same plan,
    applies it to his demo-prod (production: it needs one approval by someone else and the
    database's name), watches each statement run, and reads the post-verify result and the
    evidence files; the run is in the history."""
    app = os.environ["E2E_APP"]
    project = tempfile.mkdtemp(prefix="plumb-e2e-project-")

    # Ana makes the plan in her window: compare, confirm the rename, Create plan in the project.
    compare_with_the_rename_confirmed(s, "demo-prod")
    plan_path = create_plan_in(s, project)
    s.click("create-plan-save")
    summary = s.wait_until(lambda: s.texts("plan-summary"), "the plan opened in Review & apply")[0]
    assert "statements for SQLite" in summary and os.path.isfile(plan_path), summary
    assert s.texts("no-approvals"), "no approval yet"
    s.click("plan-tab-rollback")
    s.find("review-rollback")
    s.click("plan-tab-changes")
    changes = s.texts("plan-changes")[0]
    assert "legacy_username" in changes and "archived_on" in changes, changes
    s.click("plan-tab-sql")
    rules = s.execute("""return [...document.querySelectorAll('[data-testid="finding"]')].map((f) => f.dataset.rule);""")
    assert rules == ["drop-column", "rename-column"], rules
    assert s.execute("""return document.querySelector('[data-testid="approve"]').disabled""")
    for box in s.cmd("POST", "/elements", {"using": "css selector", "value": '[data-testid="acknowledge"]'}):
        s.cmd("POST", f"/element/{next(iter(box.values()))}/click", {})
    # Ana's ticks stay with the plan when she opens it again.
    ticked = """return [...document.querySelectorAll('[data-testid="acknowledge"]')].every((b) => b.checked);"""
    s.wait_until(lambda: s.execute(ticked), "both ticked")
    s.click("plan-open")
    s.wait_until(lambda: s.texts("plan-summary"), "the plan opened again")
    s.wait_until(lambda: s.execute(ticked), "the ticks kept with the plan")
    replace_text(s, "reviewer-name", "ana")
    type_into(s, "review-comment", "the columns are unused since 2.3")
    s.wait_until(lambda: not s.execute("""return document.querySelector('[data-testid="approve"]').disabled"""),
                 "approve enabled once every blocking finding is acknowledged")
    s.click("approve")
    s.wait_until(lambda: s.texts("review-decided"), "the approval signed")
    assert not s.texts("trust-reviewer"), "nobody trusts their own key from the window"
    assert os.path.isfile(plan_path.replace(".json", ".approval.ana.json"))
    key = s.texts("public-key")[0]
    s.views(shots, "review-approved")
    # Ana's window goes back to finding each plan's project; the plan's own .plumb is found.
    s.click("project-follow")
    s.wait_until(lambda: "found from the plan's folder" in " ".join(s.texts("project-how")), "the project found")
    assert s.texts("project-root") == [project], s.texts("project-root")

    bo = open_session(os.environ["E2E_DRIVER_B"], app)
    try:
        bo.wait_until(lambda: bo.texts("mode-plan"), "bo's window")
        bo.click("mode-plan")
        replace_text(bo, "plan-path", plan_path)
        bo.click("plan-open")
        bo.wait_until(lambda: bo.texts("approval"), "ana's approval listed")
        # Nobody is trusted yet: ana's approval does not count, and the window offers to trust her,
        # showing the policy file it writes before writing it.
        approval = bo.texts("approval")[0]
        assert "does not count" in approval and key not in approval, approval
        bo.click("trust-reviewer")
        added = bo.wait_until(lambda: bo.texts("trust-added"), "the policy edit shown")
        assert added == ["+ [approvers]", f'+ ana = "{key}"'], added
        assert bo.texts("trust-path")[0].endswith(os.path.join(".plumb", "policy.toml"))
        assert not os.path.exists(os.path.join(project, ".plumb", "policy.toml")), "nothing written before saving"
        bo.views(shots, "review-trust-reviewer")
        bo.click("trust-save")
        bo.wait_until(lambda: not bo.texts("trust-dialog"), "the dialog closed")
        with open(os.path.join(project, ".plumb", "policy.toml")) as f:
            assert f.read() == f'[approvers]\nana = "{key}"\n'
        bo.wait_until(lambda: bo.execute(
            """return document.querySelector('[data-testid="approval"]').dataset.counts === 'yes'"""), "ana counted")
        counts = bo.execute("""return [...document.querySelectorAll('[data-testid="approval"]')].map((a) => a.dataset.counts);""")
        assert counts == ["yes"], counts
        approval = bo.texts("approval")[0]
        assert "drop-column (step " in approval and "@" not in approval.split("acknowledged")[1], approval
        # One truth: ana's counted approval acknowledged them, and the SQL tab says so.
        left = bo.texts("review-sql-to-acknowledge")
        assert left == ["— every blocking finding is acknowledged"], left
        by = bo.texts("acknowledged-by")
        assert len(by) == 2 and all(b == "acknowledged by ana — counts" for b in by), by
        replace_text(bo, "reviewer-name", "bo")
        bo.wait_until(lambda: bo.texts("apply-target"), "the target picker")
        select_source(bo, "apply-target", "demo-prod")
        environment = bo.wait_until(lambda: bo.texts("apply-environment"), "what the gate asks")[0]
        assert environment.startswith("PRODUCTION") and "1 approval" in environment and "has ana" in environment, \
            environment
        assert not bo.texts("apply-blocked"), bo.texts("apply-blocked")
        assert bo.execute("""return document.querySelector('[data-testid="apply-button"]').disabled"""), \
            "production needs the database's name typed"
        label = bo.texts("apply-button")[0]
        assert label == "Apply to demo-prod — PRODUCTION", label
        type_into(bo, "apply-confirm", "demo-prod.sqlite")
        # Applied on the smaller screen, where the button sits lowest.
        bo.cmd("POST", "/window/rect", {"width": 1024, "height": 768})
        bo.click("apply-button")
        bo.find("apply-progress")
        status = bo.wait_until(lambda: bo.execute(
            """const e = document.querySelector('[data-testid="apply-status"]'); return e && e.dataset.status;"""),
            "the run's outcome")
        assert status == "applied", status
        counted = bo.texts("apply-progress-count")[0]
        total = len(bo.texts("apply-step"))
        assert counted == f"{total} of {total} statements done" and total > 0, counted
        # The answer stays beside the button, in view without scrolling, and nothing is left to apply.
        in_view = """const e = document.querySelector('[data-testid="apply-outcome"]').getBoundingClientRect();
            return e.top >= 0 && e.bottom <= window.innerHeight;"""
        already = bo.wait_until(lambda: bo.texts("apply-already"), "the gate's answer after the run")[0]
        assert already.startswith("Applied") and "demo-prod" in already, already
        assert not bo.texts("apply-blocked"), bo.texts("apply-blocked")
        assert bo.execute(in_view), "the outcome is in view at 1024 px"
        assert bo.execute("""return document.querySelector('[data-testid="apply-button"]').disabled"""), \
            "an applied plan cannot be applied again"
        bo.screenshot(os.path.join(shots, "plan-applied-1024.png"))
        bo.cmd("POST", "/window/rect", {"width": 1280, "height": 800})
        assert bo.execute(in_view), "the outcome is in view at 1280 px"
        assert "zero differences" in bo.texts("post-verify")[0]
        files = bo.wait_until(lambda: bo.texts("evidence-file"), "the evidence files")
        assert files[:5] == ["00-connection-check.md", "01-schema-diff-preview.md", "02-migration-plan.md",
                             "03-execution-log.md", "04-post-verify.md"], files
        for name in ["plan.json", "restore.sql", "rollback.sql", "run.json", "schema-before.json"]:
            assert name in files, files
        bo.execute("""[...document.querySelectorAll('[data-testid="evidence-file"]')]
            .find((b) => b.textContent.trim() === "02-migration-plan.md").click();""")
        text = bo.wait_until(lambda: bo.texts("evidence-text"), "the migration plan's evidence")[0]
        # Rendered, not Markdown source: headings and tables, no ** or | | |.
        assert "approved by ana" in text and "**" not in text and "| |" not in text, text[:400]
        assert bo.execute("""return document.querySelectorAll('[data-testid="evidence-text"] h3, [data-testid="evidence-text"] h4').length > 0"""), \
            "the report's headings are headings"
        bo.views(shots, "review-applied-evidence")
        bo.click("mode-history")
        rows = bo.wait_until(lambda: bo.texts("history-run"), "the run in the history")
        assert len(rows) == 1 and "APPLIED" in rows[0] and "bo" in rows[0] and "ana" in rows[0], rows
        bo.click("history-open")
        assert bo.wait_until(lambda: bo.texts("evidence-file"), "the run's files") == files, "History lists what Review lists"
        bo.execute("""[...document.querySelectorAll('[data-testid="evidence-file"]')]
            .find((b) => b.textContent.trim() === "04-post-verify.md").click();""")
        bo.wait_until(lambda: "zero differences" in " ".join(bo.texts("evidence-text")), "the post-verify report")
        bo.views(shots, "history")
    finally:
        bo.close()


def choose_the_project_folder(s, shots):
    """A .plumb folder left above the plans (a home folder's) would judge them and keep their runs:
    the window says which project it found, and the user chooses the right folder instead; the
    choice holds for History too, and can be undone."""
    stray = tempfile.mkdtemp(prefix="plumb-e2e-stray-")
    chosen = os.path.join(stray, "work", "app")
    os.makedirs(os.path.join(stray, ".plumb"))
    os.makedirs(os.path.join(chosen, "plans"))
    with open(os.path.join(stray, ".plumb", "policy.toml"), "w") as f:
        f.write('evidence_dir = "stray-runs"\n')
    plan_path = os.path.join(chosen, "plans", "add-labels.json")
    plan_demo_prod_to_demo_dev(plan_path)

    s.click("mode-plan")
    replace_text(s, "plan-path", plan_path)
    s.click("plan-open")
    s.wait_until(lambda: s.texts("plan-summary"), "the plan opened")
    s.wait_until(lambda: s.texts("project-root") == [stray], "the project found above the plan named")
    how = s.texts("project-how")[0]
    assert "found from the plan's folder" in how and "its policy file" in how and "stray-runs" in how, how
    s.click("project-choose")
    replace_text(s, "project-folder", os.path.join(chosen, "missing"))
    s.click("project-use")
    error = s.wait_until(lambda: s.texts("error-banner"), "a folder that does not exist refused")
    assert "no such folder" in error[0], error
    replace_text(s, "project-folder", chosen)
    s.click("project-use")
    s.wait_until(lambda: s.texts("project-root") == [chosen], "the chosen folder named")
    how = s.texts("project-how")[0]
    assert "chosen by you" in how and "default policy" in how, how
    s.click("mode-history")
    s.wait_until(lambda: s.texts("project-root") == [chosen], "History in the chosen project")
    s.click("mode-plan")
    s.click("project-follow")
    s.wait_until(lambda: s.texts("project-root") == [stray], "each plan's folder decides again")
    shutil.rmtree(stray)


def open_a_dev_copy_of_the_shop(s, what):
    """Copies demo-prod to a work folder as shop-dev.sqlite beside an empty project folder, and
    opens the copy in the sidebar; returns (work folder, copy, project folder)."""
    demo = os.path.join(os.environ["XDG_DATA_HOME"], "dev.plumb.desktop", "demo")
    work = tempfile.mkdtemp(prefix=f"plumb-e2e-{what}-")
    copy = os.path.join(work, "shop-dev.sqlite")
    shutil.copy(os.path.join(demo, "demo-prod.sqlite"), copy)
    project = os.path.join(work, "app")
    os.makedirs(os.path.join(project, ".plumb"))
    open_source(s, copy)
    s.wait_until(lambda: s.texts("object-table-tasks"), "the copy read")
    return work, copy, project


def compare_plan_and_apply_to_a_dev_copy(s, shots):
    """The whole job in the window: compare a dev copy of the shop with demo-dev, confirm the
    rename, create the plan file in the project's plans folder, and apply it to the copy from
    Review & apply (a dev target needs no approval; the data it drops asks for the name)."""
    work, copy, project = open_a_dev_copy_of_the_shop(s, "create")
    compare_with_the_rename_confirmed(s, "shop-dev.sqlite")
    s.click("tab-plan")
    for box in s.cmd("POST", "/elements", {"using": "css selector", "value": '[data-testid="acknowledge"]'}):
        s.cmd("POST", f"/element/{next(iter(box.values()))}/click", {})
    s.wait_until(lambda: s.texts("plan-sql-to-acknowledge") == ["— every blocking finding is acknowledged"], "ticked")
    steps = len(s.texts("step-sql"))

    path = create_plan_in(s, project)
    assert path.startswith(project) and path.endswith("-shop-dev-sqlite-to-demo-dev.plan.json"), path
    assert not os.path.exists(os.path.join(project, ".plumb", "plans")), "nothing written before Create"
    s.views(shots, "compare-create-plan")
    s.click("create-plan-save")

    summary = s.wait_until(lambda: s.texts("plan-summary"), "the new plan in Review & apply")[0]
    assert summary.startswith(f"{steps} statements"), summary
    assert os.path.isfile(path), "the plan file is written"
    assert s.execute("""return [...document.querySelectorAll('[data-testid="acknowledge"]')].every((b) => b.checked)"""), \
        "the ticks made in Compare came with the plan"
    s.wait_until(lambda: s.texts("apply-environment"), "the copy chosen as the target")
    assert s.texts("apply-button") == [f"Apply to {copy}"], s.texts("apply-button")
    type_into(s, "apply-confirm", "shop-dev.sqlite")
    assert apply_when_allowed(s, "a dev target needs no approval") == "applied"
    runs = os.listdir(os.path.join(project, ".plumb", "runs"))
    assert len(runs) == 1, runs
    s.click("project-follow")
    s.wait_until(lambda: "found from the plan's folder" in " ".join(s.texts("project-how")),
                 "each plan's folder decides again")
    shutil.rmtree(work)


def migrations_applied_where_side_by_side(s, shots):
    """A Prisma migrations folder of two migrations; demo-dev recorded the first in its
    _prisma_migrations (as Prisma writes it), demo-prod none. The Migrations view reads the folder
    against every database: demo-dev has the first applied and the second pending, demo-prod both
    pending, dev to the left of prod."""
    import hashlib
    demo = os.path.join(os.environ["XDG_DATA_HOME"], "dev.plumb.desktop", "demo")
    folder = tempfile.mkdtemp(prefix="plumb-e2e-migrations-")
    names = ["20240101000000_add_audit", "20240102000000_add_tags"]
    for name in names:
        os.makedirs(os.path.join(folder, name))
        with open(os.path.join(folder, name, "migration.sql"), "w") as f:
            f.write(f"CREATE TABLE {name[15:]} (id INTEGER PRIMARY KEY);\n")
    with open(os.path.join(folder, "migration_lock.toml"), "w") as f:
        f.write('provider = "sqlite"\n')
    with open(os.path.join(folder, names[0], "migration.sql"), "rb") as f:
        checksum = hashlib.sha256(f.read()).hexdigest()
    db = sqlite3.connect(os.path.join(demo, "demo-dev.sqlite"))
    db.executescript("""CREATE TABLE IF NOT EXISTS _prisma_migrations (id TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL,
        finished_at DATETIME, migration_name TEXT NOT NULL, logs TEXT, rolled_back_at DATETIME,
        started_at DATETIME NOT NULL DEFAULT current_timestamp, applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0);""")
    db.execute("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) "
               "VALUES ('e2e', ?, current_timestamp, ?, 1)", (checksum, names[0]))
    db.commit()
    db.close()

    s.click("mode-migrations")
    replace_text(s, "migrations-folder", folder)
    s.click("migrations-read")
    s.wait_until(lambda: s.texts("migration-state"), "the states read")
    summary = s.texts("migrations-summary")[0]
    assert "2 migration(s)" in summary and "for SQLite" in summary, summary
    if E2E_FULL_RUN:
        # The PostgreSQL servers opened by earlier journeys are not SQLite: left out, and counted.
        assert "of another dialect not shown" in summary, summary
    states = s.execute("""const out = {};
        for (const e of document.querySelectorAll('[data-testid="migration-state"]'))
          (out[e.dataset.source] ??= []).push(e.dataset.state);
        return out;""")
    assert states["demo-dev"] == ["applied", "pending"], states
    assert states["demo-prod"] == ["pending", "pending"], states
    columns = s.texts("migrations-column")
    dev = next(i for i, c in enumerate(columns) if c.startswith("demo-dev"))
    prod = next(i for i, c in enumerate(columns) if c.startswith("demo-prod"))
    assert dev < prod and "1 not applied" in columns[dev] and "2 not applied" in columns[prod], columns
    assert "no migration table" in columns[prod] and "no migration table" not in columns[dev], columns
    # A migration edited after it ran says so, and what to do, in words under the grid.
    with open(os.path.join(folder, names[0], "migration.sql"), "a") as f:
        f.write("ALTER TABLE add_audit ADD COLUMN note TEXT;\n")
    s.click("migrations-read")
    s.wait_until(lambda: s.texts("migrations-legend"), "the explanation of MODIFIED")
    assert "checksum differs" in s.texts("migrations-legend")[0], s.texts("migrations-legend")
    s.views(shots, "migrations")


def a_migration_from_schema_prisma_deployed_to_a_dev_database(s, shots):
    """A Prisma project without migrations yet: New migration from its schema.prisma shows the
    statements before writing them; Deploy makes a plan of the pending migration for a dev SQLite
    database, applied from Review & apply; the grid then says applied."""
    work = tempfile.mkdtemp(prefix="plumb-e2e-prisma-")
    project = os.path.join(work, "notes")
    os.makedirs(os.path.join(project, ".plumb"))
    os.makedirs(os.path.join(project, "prisma"))
    schema = os.path.join(project, "prisma", "schema.prisma")
    with open(schema, "w") as f:
        f.write('datasource db {\n  provider = "sqlite"\n  url      = "file:dev.db"\n}\n\n'
                'model Note {\n  id    Int    @id @default(autoincrement())\n  body  String\n  pinned Boolean @default(false)\n}\n')
    migrations = os.path.join(project, "prisma", "migrations")
    dev = os.path.join(work, "notes-dev.sqlite")
    sqlite3.connect(dev).close()
    open_source(s, dev)
    s.wait_until(lambda: any("SQLite" in t for t in s.texts("status-bar")), "the dev database read")

    s.click("mode-migrations")
    replace_text(s, "migrations-folder", migrations)
    s.click("migrations-new")
    type_into(s, "new-migration-name", "add notes")
    type_into(s, "new-migration-desired", schema)
    s.click("new-migration-look")
    sql = s.wait_until(lambda: s.texts("step-sql"), "the migration's statements")
    assert any('CREATE TABLE "Note"' in q for q in sql), sql
    assert s.texts("new-migration-files")[0].startswith("Writes ") and "_add_notes" in s.texts("new-migration-files")[0]
    assert not os.path.exists(migrations), "nothing written before Write it"
    s.views(shots, "migrations-new")
    s.click("new-migration-write")
    s.wait_until(lambda: s.texts("migrations-written"), "the files written")
    column = """return [...document.querySelectorAll('[data-testid="migrations-column"]')]
        .findIndex((th) => th.querySelector('.name').textContent.endsWith('notes-dev.sqlite'));"""
    at = s.wait_until(lambda: (lambda i: i if i >= 0 else None)(s.execute(column)), "the dev database's column")
    state = f"""return [...document.querySelectorAll('tbody tr:first-child td')][{at} + 1]
        .querySelector('[data-testid="migration-state"]')?.dataset.state;"""
    s.wait_until(lambda: s.execute(state) == "pending", "the new migration pending on the dev database")
    s.execute(f"""document.querySelectorAll('[data-testid="migrations-column"]')[{at}]
        .querySelector('[data-testid="migrations-deploy"]').click();""")
    summary = s.wait_until(lambda: s.texts("plan-summary"), "the deploy plan in Review & apply")[0]
    assert "for SQLite" in summary, summary
    assert any("_prisma_migrations" in q for q in s.texts("step-sql")), "the deploy records the migration"
    s.wait_until(lambda: s.texts("apply-button") == [f"Apply to {dev}"], "the dev database as the target")
    assert apply_when_allowed(s, "a dev database needs no approval") == "applied"
    s.click("mode-migrations")
    s.click("migrations-read")
    s.wait_until(lambda: s.execute(state) == "applied", "the migration applied on the dev database")

    # The drift board: a second migration lands in the repository; staging has both (as Prisma
    # records them), dev only the first.
    import hashlib
    tags = os.path.join(migrations, "20990101000000_tags")
    os.makedirs(tags)
    with open(os.path.join(tags, "migration.sql"), "w") as f:
        f.write('CREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY);\n')
    staging = os.path.join(work, "notes-staging.sqlite")
    db = sqlite3.connect(staging)
    db.executescript("""CREATE TABLE _prisma_migrations (id TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL,
        finished_at DATETIME, migration_name TEXT NOT NULL, logs TEXT, rolled_back_at DATETIME,
        started_at DATETIME NOT NULL DEFAULT current_timestamp, applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0);""")
    for name in sorted(n for n in os.listdir(migrations) if os.path.isdir(os.path.join(migrations, n))):
        with open(os.path.join(migrations, name, "migration.sql"), "rb") as f:
            sql = f.read()
        db.executescript(sql.decode())
        db.execute("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) "
                   "VALUES (?, ?, current_timestamp, ?, 1)", (name, hashlib.sha256(sql).hexdigest(), name))
    db.commit()
    db.close()
    with open(os.path.join(project, ".plumb", "project.toml"), "w") as f:
        f.write(f'truth = "repo"\nschema = "prisma/migrations"\n[environments]\ndev = "{dev}"\nstaging = "{staging}"\n')
    s.click("mode-environments")
    sides = """return Object.fromEntries([...document.querySelectorAll('[data-testid="drift-side"]')]
        .map((e) => [e.dataset.name, e.dataset.state]));"""
    s.wait_until(lambda: s.execute(sides) == {"dev": "behind", "staging": "in-sync"}, "dev behind, staging in sync")
    dev_card = [t for t in s.texts("drift-side") if t.startswith("dev")][0]
    assert "behind by 1 migration" in dev_card, dev_card
    s.views(shots, "environments")
    s.click("drift-show")
    s.wait_until(lambda: s.texts("compare-count") == ["1 object differs"], "dev against the repository in Compare")
    shutil.rmtree(work)


# Whether every journey runs (E2E_ONLY unset): later journeys may count on what earlier ones opened.
E2E_FULL_RUN = not os.environ.get("E2E_ONLY")

def audit_a_dev_copy_and_apply_its_fixes(s, shots):
    """The health check in the window: audit a dev copy of the shop (four foreign keys without an
    index), plan their fixes into the project, apply the plan from Review & apply, and audit again:
    nothing left to report."""
    work, copy, project = open_a_dev_copy_of_the_shop(s, "audit")
    press(s, "7")
    s.find("audit-run")
    s.click("project-choose")
    replace_text(s, "project-folder", project)
    s.click("project-use")
    s.wait_until(lambda: s.texts("project-root") == [project], "the project chosen")
    select_source(s, "audit-source", copy)
    s.click("audit-run")
    summary = s.wait_until(lambda: s.texts("audit-summary"), "the audit's findings")[0]
    assert summary == "4 findings: 0 error, 4 warning, 0 info", summary
    checks = s.execute("""return [...document.querySelectorAll('[data-testid="audit-check"]')].map((e) => e.dataset.id)""")
    assert checks == ["DB-002"], checks
    fixes = s.texts("audit-fix-sql")
    assert len(fixes) == 4 and all(f.startswith("CREATE INDEX") for f in fixes), fixes
    path = s.execute("""return document.querySelector('[data-testid="audit-plan-path"]').value""")
    assert path.startswith(os.path.join(project, ".plumb", "plans")) and "-audit-fixes-to-" in path \
        and path.endswith("-shop-dev-sqlite.plan.json"), path
    assert not os.path.exists(os.path.join(project, ".plumb", "plans")), "auditing writes nothing"
    s.views(shots, "audit")
    s.click("audit-create-plan")
    summary = s.wait_until(lambda: s.texts("plan-summary"), "the plan of the fixes in Review & apply")[0]
    assert summary.startswith("4 statements"), summary
    assert os.path.isfile(path), "the plan file is written"
    s.wait_until(lambda: s.texts("apply-environment"), "the audited copy chosen as the target")
    assert apply_when_allowed(s, "a dev target needs no approval and the plan loses nothing") == "applied"
    press(s, "7")
    s.click("audit-run")
    s.wait_until(lambda: "passes every check" in " ".join(s.texts("empty-state")), "nothing left to report")
    s.click("project-follow")
    s.wait_until(lambda: "chosen by you" not in " ".join(s.texts("project-how")), "each plan's folder decides again")
    shutil.rmtree(work)


def set_up_a_project_from_its_files(s, shots):
    """A project folder without .plumb/project.toml: the Environments view says what Plumb finds in
    it (Drizzle on SQLite, its migrations, the variable holding the URL) and writes the project
    file it proposes only when asked; the board then reads it."""
    fixture = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "detect", "drizzle-sqlite")
    work = tempfile.mkdtemp(prefix="plumb-e2e-set-up-")
    root = os.path.join(work, "app")
    shutil.copytree(fixture, root)
    press(s, "5")
    s.click("project-choose")
    replace_text(s, "project-folder", root)
    s.click("project-use")
    s.wait_until(lambda: s.texts("project-set-up"), "the set-up offered for a folder without a project file")
    assert s.texts("set-up-database") == ["SQLite"], s.texts("set-up-database")
    assert "drizzle" in s.texts("set-up-tools")[0] and "DB_FILE_NAME" in s.texts("set-up-variables")[0]
    proposal = s.texts("set-up-proposal")[0]
    assert 'schema = "drizzle"' in proposal and 'dev = "env:DB_FILE_NAME"' in proposal, proposal
    config = os.path.join(root, ".plumb", "project.toml")
    assert not os.path.exists(config), "nothing written before asked"
    s.views(shots, "environments-set-up")
    s.click("set-up-write")
    s.wait_until(lambda: s.execute("""return document.querySelector('[data-testid="drift-side"][data-name="dev"]')?.dataset.state"""),
                 "the board reads the project file written")
    with open(config) as f:
        assert 'dev = "env:DB_FILE_NAME"' in f.read()
    s.click("project-follow")
    shutil.rmtree(work)


def scan_the_code_and_seed_a_dev_profile(s, shots):
    """The application's code beside the schema: the Code tab scans the project's code folders
    against a dev profile's database and names what the code asks for that it lacks, with its
    place; then the profile's Seed checks a seed for idempotency on a scratch copy (a keyless
    insert fails, an ON CONFLICT one passes) and runs it, with the rows per table."""
    work = tempfile.mkdtemp(prefix="plumb-e2e-seed-")
    db = os.path.join(work, "app-dev.sqlite")
    with sqlite3.connect(db) as conn:
        conn.executescript("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
                           "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT);")
    project = os.path.join(work, "app")
    os.makedirs(os.path.join(project, ".plumb"))
    os.makedirs(os.path.join(project, "src"))
    with open(os.path.join(project, ".plumb", "project.toml"), "w") as f:
        f.write(f'truth = "database"\ndatabase = "dev"\ncode = ["src"]\n\n[environments]\ndev = "{db}"\n')
    with open(os.path.join(project, "src", "tags.ts"), "w") as f:
        f.write('export const tags = (db) => db.query("SELECT id, names FROM tags ORDER BY name");\n')
    good, bad = os.path.join(work, "seed-good.sql"), os.path.join(work, "seed-bad.sql")
    with open(good, "w") as f:
        f.write("INSERT INTO tags (id, name) VALUES (1, 'red'), (2, 'blue') ON CONFLICT DO NOTHING;\n")
    with open(bad, "w") as f:
        f.write("INSERT INTO notes (body) VALUES ('hello');\n")

    press(s, "5")
    s.click("project-choose")
    replace_text(s, "project-folder", project)
    s.click("project-use")
    s.wait_until(lambda: s.texts("project-root") == [project], "the project chosen")
    s.click("profile-add")
    s.find("profile-dialog")
    select_source(s, "profile-field-dialect", "SQLite")
    type_into(s, "profile-field-name", "e2e-seed")
    type_into(s, "profile-field-path", db)
    s.click("profile-save")
    s.wait_until(lambda: not s.texts("profile-dialog"), "the form closed")
    s.click("profile-e2e-seed")
    s.wait_until(lambda: s.texts("object-table-notes"), "the profile's tables")

    s.click("browse-code")
    s.click("code-run")
    found = s.wait_until(lambda: s.texts("code-finding"), "the code's missing names")
    assert len(found) == 1 and "src/tags.ts:1:" in found[0] and "tags.names" in found[0] and "closest: tags.name" in found[0], found
    assert "1 missing" in s.texts("code-summary")[0], s.texts("code-summary")
    s.views(shots, "browse-code")

    s.click("profile-actions-e2e-seed")
    s.click("profile-seed-e2e-seed")
    s.find("seed-dialog")
    type_into(s, "seed-path", bad)
    s.click("seed-check-run")
    verdict = s.wait_until(lambda: s.texts("seed-check"), "the keyless seed checked")[0]
    assert "not idempotent" in verdict and "notes" in verdict, verdict
    replace_text(s, "seed-path", good)
    s.click("seed-check-run")
    s.wait_until(lambda: "idempotent" in " ".join(s.texts("seed-check")) and "not" not in " ".join(s.texts("seed-check")),
                 "the ON CONFLICT seed passes")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0, "checking never writes the database"
    s.click("seed-run")
    report = s.wait_until(lambda: s.texts("seed-report"), "the seed's report")[0]
    assert "tags" in report and "0 → 2" in report, report
    s.views(shots, "seed")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM tags").fetchone()[0] == 2
    runs = os.listdir(os.path.join(project, ".plumb", "runs"))
    assert len(runs) == 1 and runs[0].endswith("-seed"), runs
    s.click("seed-close")
    if not s.texts("profile-delete-e2e-seed"):
        s.click("profile-actions-e2e-seed")
    s.click("profile-delete-e2e-seed")
    s.click("confirm-action")
    s.wait_until(lambda: not s.texts("profile-e2e-seed"), "the profile deleted")
    press(s, "5")
    s.click("project-follow")
    shutil.rmtree(work)


JOURNEYS = [browse_demo_prod_tasks, filter_and_switch_to_demo_dev, command_palette_and_shortcuts, stop_readings_that_hang,
            open_a_postgres_server,
            compare_demo_prod_with_demo_dev, online_plan_for_a_busy_postgres_table,
            a_type_change_without_a_cast_asks_for_the_conversion, compare_two_thousand_tables,
            browse_and_compare_two_thousand_postgres_tables, sqlite_profile_create_test_browse_delete,
            server_profile_password_stays_in_the_keychain, approve_as_one_user_apply_as_another,
            choose_the_project_folder, compare_plan_and_apply_to_a_dev_copy, migrations_applied_where_side_by_side,
            a_migration_from_schema_prisma_deployed_to_a_dev_database, audit_a_dev_copy_and_apply_its_fixes,
            set_up_a_project_from_its_files, scan_the_code_and_seed_a_dev_profile]


# Every view of the app, each taken at 1280 and 1024 px by the journeys.
VIEWS = ["browse", "browse-postgres-overview", "compare", "compare-plan-sql", "compare-create-plan", "command-palette", "browse-diagram", "compare-diagram", "migrations-new", "environments", "profile-form", "review-approved",
         "review-trust-reviewer", "review-applied-evidence", "history", "migrations", "audit", "environments-set-up", "browse-code", "seed"]


def main():
    application, driver_url, shots = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(shots, exist_ok=True)
    shutil.rmtree(os.path.join(shots, "views"), ignore_errors=True)
    passed = failed = 0
    # E2E_ONLY=NAME runs one journey, for working on it.
    journeys = [j for j in JOURNEYS if os.environ.get("E2E_ONLY", j.__name__) == j.__name__]
    session = open_session(driver_url, application)
    try:
        # The scan of rendered pages can fail: a command written into the page is caught.
        session.execute("""const p = document.createElement('p'); p.id = 'e2e-planted';
            p.textContent = 'run plumb plan a b --out plan.json'; document.body.append(p);""")
        try:
            assert_app_words(session)
            raise RuntimeError("the scan missed a command in the page")
        except AssertionError:
            session.execute("document.getElementById('e2e-planted').remove();")
        for journey in journeys:
            try:
                journey(session, shots)
                assert_app_words(session)
                passed += 1
                print(f"e2e {journey.__name__} ... ok")
            except Exception as e:  # noqa: BLE001 - every failure is reported, then the run fails
                failed += 1
                where = [f for f in traceback.extract_tb(e.__traceback__) if f.name == journey.__name__][-1]
                print(f"e2e {journey.__name__} ... FAILED at line {where.lineno}: {e}")
                try:
                    session.screenshot(os.path.join(shots, f"failed-{journey.__name__}.png"))
                except Exception:  # noqa: BLE001
                    pass
    finally:
        session.close()
    if len(journeys) == len(JOURNEYS):
        taken = set(os.listdir(os.path.join(shots, "views")))
        missing = [f"{v}{size}.png" for v in VIEWS for size in ("", "-1024") if f"{v}{size}.png" not in taken]
        if missing:
            failed += 1
            print(f"e2e views at both sizes ... FAILED: not taken: {missing}")
    print(f"e2e: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed == len(journeys) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
