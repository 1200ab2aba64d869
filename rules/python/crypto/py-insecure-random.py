import random
import secrets
import string

from flask import Flask, make_response, session

app = Flask(__name__)


def reset_token():
    # ruleid: py-insecure-random
    token = "".join(random.choice(string.ascii_letters) for _ in range(32))
    # ok: py-insecure-random
    safe_token = secrets.token_urlsafe(32)
    # ok: py-insecure-random
    delay = random.uniform(0.1, 0.5)
    # ok: py-insecure-random
    shuffled_items = random.sample(range(10), 3)
    return token, safe_token, delay, shuffled_items


@app.route("/remember")
def remember():
    value = str(random.randint(0, 2**32))
    # ruleid: py-insecure-random
    session["remember"] = value
    resp = make_response("ok")
    # ruleid: py-insecure-random
    resp.set_cookie("remember", str(random.getrandbits(64)))
    # ok: py-insecure-random
    resp.set_cookie("theme", "dark")
    strong = str(random.SystemRandom().randint(0, 2**32))
    # ok: py-insecure-random
    session["other"] = strong
    return resp
