from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
ALLOWED_HOSTS = {"app.example", "www.app.example"}


@app.route("/login")
def login():
    target = request.args.get("next")
    # ruleid: py-open-redirect
    return redirect(target)


@app.route("/home")
def home():
    # ok: py-open-redirect
    return redirect(url_for("index"))


@app.route("/checked")
def checked():
    target = request.args.get("next", "/")
    if urlparse(target).netloc not in ALLOWED_HOSTS:
        target = "/"
    # ok: py-open-redirect
    return redirect(target)


def dj_view(request):
    nxt = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        # ok: py-open-redirect
        return django_redirect(nxt)
    # ruleid: py-open-redirect
    return HttpResponseRedirect(request.GET["back"])
