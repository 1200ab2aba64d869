import http.client
import urllib.request
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED = {"images.example.org"}


@app.route("/preview")
def preview():
    url = request.args["url"]
    # ruleid: py-ssrf
    body = requests.get(url, timeout=5).text
    # ruleid: py-ssrf
    raw = urllib.request.urlopen(url).read()
    # ok: py-ssrf
    fixed = requests.get("https://api.example.org/status", timeout=5).text
    return body + str(raw) + fixed


@app.route("/checked")
def checked():
    url = request.args["url"]
    if urlparse(url).hostname not in ALLOWED:
        abort(400)
    # ok: py-ssrf
    return requests.get(url, timeout=5).text


@app.route("/host")
def host():
    # ruleid: py-ssrf
    conn = http.client.HTTPSConnection(request.args["host"])
    conn.request("GET", "/")
    return "ok"


def fetch(url):
    # ruleid: py-ssrf
    return urllib.request.urlopen(url).read()


def fetch_status():
    # ok: py-ssrf
    return urllib.request.urlopen("https://status.example.org/health").read()


@app.route("/tenant")
def tenant():
    name = request.args["tenant"]
    # the host is left to the request: reported where the URL is built
    # ruleid: py-ssrf
    base = "https://%s.internal/api" % name
    status = requests.get(base + "/status", timeout=5).text
    # ruleid: py-ssrf
    hook = "https://{}/hook".format(name)
    register_elsewhere(hook)
    # only the path is the request's: the host stays ours
    # ok: py-ssrf
    page = requests.get("https://docs.example.org/%s" % name, timeout=5).text
    # ok: py-ssrf
    item = requests.get("https://docs.example.org/items/{}".format(name), timeout=5).text
    return status + page + item
