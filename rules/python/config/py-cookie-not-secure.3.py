from flask import Flask

# ok: py-cookie-not-secure
app = Flask(__name__)
app.config.from_object("settings.Production")


def make_app():
    # ok: py-cookie-not-secure
    other = Flask("other")
    other.secret_key = "from-the-vault"
    other.config["SESSION_COOKIE_SECURE"] = True
    return other
