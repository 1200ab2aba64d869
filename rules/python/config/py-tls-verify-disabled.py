import httpx
import requests
import urllib3


def call(url):
    # ruleid: py-tls-verify-disabled
    a = requests.get(url, verify=False)
    # ok: py-tls-verify-disabled
    b = requests.get(url, verify=True, timeout=5)
    # ok: py-tls-verify-disabled
    c = requests.get(url, verify="/etc/ssl/ca.pem", timeout=5)
    # ruleid: py-tls-verify-disabled
    client = httpx.Client(verify=False)
    # ruleid: py-tls-verify-disabled
    pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
    s = requests.Session()
    # ruleid: py-tls-verify-disabled
    d = s.post(url, verify=False)
    return a, b, c, client, pool, d
