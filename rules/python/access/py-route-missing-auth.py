from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@app.route("/account")
@login_required
def account():
    return "me"


# ruleid: py-route-missing-auth
@app.route("/account/delete", methods=["POST"])
def delete_account():
    return "deleted"


# ok: py-route-missing-auth
@app.route("/account/update", methods=["POST"])
@login_required
def update_account():
    return "updated"


# ok: py-route-missing-auth
@app.route("/about")
def about():
    return "about"
