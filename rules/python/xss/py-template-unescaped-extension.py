from flask import Flask, render_template, request

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


@app.route("/mail/<kind>")
def mail(kind):
    body = {"user": request.args.get("user")}
    # ruleid: py-template-unescaped-extension
    text = render_template("mail/%s.txt" % kind, **body)
    # ruleid: py-template-unescaped-extension
    plain = render_template(kind + ".email", **body)
    # ok: py-template-unescaped-extension
    html = render_template("mail/{}.html".format(kind), **body)
    # ok: py-template-unescaped-extension
    static = render_template("robots.txt")
    # ok: py-template-unescaped-extension
    page = render_template(f"pages/{kind}.html", user=body["user"])
    return text + plain + html + static + page
