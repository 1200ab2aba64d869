import jinja2
from jinja2 import Environment, select_autoescape

# ruleid: py-jinja2-autoescape-off
env = Environment(loader=jinja2.FileSystemLoader("templates"))
# ruleid: py-jinja2-autoescape-off
env2 = jinja2.Environment(autoescape=False)
# ok: py-jinja2-autoescape-off
env3 = Environment(autoescape=select_autoescape(["html", "xml"]))
# ok: py-jinja2-autoescape-off
env4 = Environment(autoescape=True)
# ruleid: py-jinja2-autoescape-off
page = jinja2.Template("<p>{{ name }}</p>")
