import logging
import traceback

from django.http import JsonResponse
from flask import Flask, jsonify

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/export")
def export():
    try:
        return do_export()
    except Exception as e:
        # ruleid: py-stack-trace-exposure
        return jsonify(error=str(e)), 500


@app.route("/export2")
def export2():
    try:
        return do_export()
    except Exception:
        logger.exception("export failed")
        # ok: py-stack-trace-exposure
        return jsonify(error="internal error"), 500


@app.route("/export3")
def export3():
    try:
        return do_export()
    except Exception:
        # ruleid: py-stack-trace-exposure
        return traceback.format_exc(), 500


def view(request):
    try:
        return do_export()
    except ValueError as err:
        # ruleid: py-stack-trace-exposure
        return JsonResponse({"error": repr(err)}, status=400)


def do_export():
    return "ok"
