#!/usr/bin/env python3
"""Median answer times of the paths that must not tell whether an address has an account.

Runs against an app already listening (see docs/security.md, "Timing", for the command that starts
it with the limits raised). Each sample is one form POST from a fresh browser; the two paths of a
pair alternate, so drift on the machine hits both alike.
"""
import html
import re
import sqlite3
import statistics
import sys
import time
import uuid

import requests

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5099"
DATABASE = sys.argv[2] if len(sys.argv) > 2 else "/tmp/msw-timing.db"
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 60
TOKEN = re.compile(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"')


def form(browser, path):
    page = browser.get(BASE + path)
    return TOKEN.search(page.text).group(1)


def post(path, fields, browser=None):
    browser = browser or requests.Session()
    token = form(browser, path)
    started = time.perf_counter()
    answer = browser.post(BASE + path, data={**fields, "__RequestVerificationToken": token}, allow_redirects=False)
    return (time.perf_counter() - started) * 1000, answer, browser


def latest_code(address):
    for _ in range(100):
        with sqlite3.connect(DATABASE) as db:
            row = db.execute('SELECT Body FROM DevMessages WHERE "To" = ? ORDER BY Id DESC LIMIT 1', (address,)).fetchone()
        if row:
            return re.search(r"\b[0-9]{6}\b", row[0]).group(0)
        time.sleep(0.05)
    raise RuntimeError("no code for " + address)


def register(address, password):
    _, answer, browser = post("/sign-up", {"Name": "Timing Person", "Email": address, "Password": password})
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', answer.text))
    token = TOKEN.search(answer.text).group(1)
    fields = {k: html.unescape(v) for k, v in fields.items()}
    done = browser.post(BASE + "/sign-up/verify", data={**fields, "Code": latest_code(address), "__RequestVerificationToken": token}, allow_redirects=False)
    assert done.status_code == 302, done.status_code


def pair(name_a, run_a, name_b, run_b):
    a, b = [], []
    for _ in range(5):  # warm-up
        run_a(), run_b()
    for _ in range(ROUNDS):
        a.append(run_a())
        b.append(run_b())
    print(f"{name_a:40} median {statistics.median(a):7.1f} ms")
    print(f"{name_b:40} median {statistics.median(b):7.1f} ms")


def main():
    registered = f"timing.{uuid.uuid4().hex}@example.test"
    register(registered, "the right password")

    pair("sign-up, registered address", lambda: post("/sign-up", {"Name": "Someone", "Email": registered, "Password": "a good password"})[0],
         "sign-up, new address", lambda: post("/sign-up", {"Name": "Someone", "Email": f"new.{uuid.uuid4().hex}@example.test", "Password": "a good password"})[0])
    pair("sign-in wrong password, real account", lambda: post("/sign-in", {"Email": registered, "Password": "not the password"})[0],
         "sign-in wrong password, unknown address", lambda: post("/sign-in", {"Email": f"nobody.{uuid.uuid4().hex}@example.test", "Password": "not the password"})[0])


if __name__ == "__main__":
    main()
