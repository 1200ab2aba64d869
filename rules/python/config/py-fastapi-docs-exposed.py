from fastapi import Depends, FastAPI
from fastapi.security import OAuth2PasswordBearer

# ruleid: py-fastapi-docs-exposed
app = FastAPI(title="billing")
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


@app.get("/invoices")
async def invoices(token: str = Depends(oauth2_scheme)):
    return []
