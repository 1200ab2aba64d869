from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask
from flask_cors import CORS

api = FastAPI()
# ruleid: py-cors-wildcard
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
# ok: py-cors-wildcard
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.org"])
app = Flask(__name__)
# ruleid: py-cors-wildcard
CORS(app, origins="*", supports_credentials=True)
# ok: py-cors-wildcard
CORS(app, origins=["https://app.example.org"])
# ruleid: py-cors-wildcard
CORS(app, supports_credentials=True)
# ok: py-cors-wildcard
CORS(app, supports_credentials=True, origins=["https://app.example.org"])
# ok: py-cors-wildcard
CORS(app)
