import os

from flask import Flask

app = Flask(__name__)
# ruleid: py-hardcoded-secret-key
app.config["SECRET_KEY"] = "dev-key-change-me"
# ruleid: py-hardcoded-secret-key
app.secret_key = "s3cr3t-value"
# ok: py-hardcoded-secret-key
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
# ruleid: py-hardcoded-secret-key
SECRET_KEY = "django-insecure-0123456789abcdef"
# ok: py-hardcoded-secret-key
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")
app.config.update(
    # ruleid: py-hardcoded-secret-key
    SECRET_KEY="another-literal-key",
    DEBUG=False,
)
# ok: py-hardcoded-secret-key
app.config.update(SECRET_KEY=os.environ["KEY"])

# a key with escapes and a line break in it is still a key written in the code
# ruleid: py-hardcoded-secret-key
app.config["SECRET_KEY"] = '_9#yQ"Z4\n\xfc]/'
