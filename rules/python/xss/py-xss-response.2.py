from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/items/{name}")
def item(name: str):
    # a FastAPI route's result is sent as JSON
    # ok: py-xss-response
    return {"name": name}


@app.get("/echo")
def echo(q: str):
    # ok: py-xss-response
    return q


@app.get("/page", response_class=HTMLResponse)
def page(q: str):
    # ruleid: py-xss-response
    return q


@app.get("/raw")
def raw(q: str):
    # ruleid: py-xss-response
    return HTMLResponse(q)
