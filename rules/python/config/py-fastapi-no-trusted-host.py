from fastapi import FastAPI, Request

# ruleid: py-fastapi-no-trusted-host
app = FastAPI()


@app.post("/forgot")
async def forgot(request: Request, email: str):
    link = request.url_for("reset", token=email)
    return {"sent": str(link)}
