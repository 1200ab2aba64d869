import jinja2
from flask import Flask, render_template_string, request

app = Flask(__name__)
env = jinja2.Environment(autoescape=True)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: py-template-injection
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/hello2")
def hello2():
    # ok: py-template-injection
    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args.get("name"))


@app.route("/custom", methods=["POST"])
def custom():
    # ruleid: py-template-injection
    tmpl = env.from_string(request.form["template"])
    return tmpl.render()


def render_page(source, **context):
    # ruleid: py-template-injection
    return jinja2.Template(source).render(**context)
