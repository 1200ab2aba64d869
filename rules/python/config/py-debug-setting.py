import os

from flask import Flask

app = Flask(__name__)
# ruleid: py-debug-setting
app.debug = True
# ruleid: py-debug-setting
app.config["DEBUG"] = True
# ok: py-debug-setting
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
# ruleid: py-debug-setting
DEBUG = True
# ok: py-debug-setting
TEMPLATE_DEBUG = False
