from fastapi import FastAPI, Request
from starlette.middleware.trustedhost import TrustedHostMiddleware

# ok: py-fastapi-no-trusted-host
app = FastAPI()
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["app.example"])


@app.post("/forgot")
async def forgot(request: Request, email: str):
    return {"sent": str(request.url_for("reset", token=email))}
