import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # ruleid: py-log-injection
    logger.info("login failed for " + user)
    # ruleid: py-log-injection
    logging.warning(f"bad password for {user}")
    # ok: py-log-injection
    logger.info("login failed for %r", user)
    # ok: py-log-injection
    logger.info("login failed for " + user.replace("\r", "").replace("\n", ""))
    return "no"
