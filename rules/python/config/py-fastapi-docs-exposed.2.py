import os

from fastapi import Depends, FastAPI
from fastapi.security import OAuth2PasswordBearer

PRODUCTION = os.environ.get("ENV") == "production"
# ok: py-fastapi-docs-exposed
app = FastAPI(docs_url=None if PRODUCTION else "/docs", redoc_url=None, openapi_url=None if PRODUCTION else "/openapi.json")
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


@app.get("/invoices")
async def invoices(token: str = Depends(oauth2_scheme)):
    return []
