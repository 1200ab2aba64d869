import urllib.request
from urllib.request import OpenerDirector, URLopener

import requests


def fetch(host):
    # ruleid: py-cleartext-http
    a = requests.get("http://api.example.org/status", timeout=5)
    # ok: py-cleartext-http
    b = requests.get("https://api.example.org/status", timeout=5)
    # ok: py-cleartext-http
    c = requests.get("http://localhost:8080/health", timeout=5)
    url = "http://example.com/file"
    # ruleid: py-cleartext-http
    d = urllib.request.urlopen(url)
    # ruleid: py-cleartext-http
    e = URLopener().retrieve("ftp://files.example.org/a.tgz")
    od = OpenerDirector()
    # ruleid: py-cleartext-http
    f = od.open("http://" + host + "/x")
    # ok: py-cleartext-http
    g = od.open("https://" + host + "/x")
    return a, b, c, d, e, f, g
