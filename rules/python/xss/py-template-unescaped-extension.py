from flask import Flask, render_template

app = Flask(__name__)


@app.route("/a")
def a():
    # ruleid: py-template-unescaped-extension
    return render_template("profile.j2", bio="x")


@app.route("/b")
def b():
    # ok: py-template-unescaped-extension
    return render_template("profile.html", bio="x")


@app.route("/c")
def c():
    # ruleid: py-template-unescaped-extension
    return render_template("mail.txt", name="x")
