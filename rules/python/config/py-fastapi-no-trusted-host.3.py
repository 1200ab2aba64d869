from fastapi import FastAPI

# ok: py-fastapi-no-trusted-host
app = FastAPI()


@app.get("/items")
async def items():
    return []
