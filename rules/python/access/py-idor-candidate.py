from django.shortcuts import get_object_or_404, render
from flask import Flask, abort, session

from .models import Invoice, Note, db

app = Flask(__name__)


def invoice_view(request, pk):
    # ruleid: py-idor-candidate
    invoice = Invoice.objects.get(pk=pk)
    return render(request, "invoice.html", {"invoice": invoice})


def own_invoice_view(request, pk):
    # ok: py-idor-candidate
    invoice = get_object_or_404(Invoice, pk=pk, owner=request.user)
    return render(request, "invoice.html", {"invoice": invoice})


@app.get("/notes/<int:note_id>")
def note(note_id):
    # ruleid: py-idor-candidate
    found = Note.query.get_or_404(note_id)
    return found.body


@app.get("/mine/<int:note_id>")
def my_note(note_id):
    # ok: py-idor-candidate
    found = db.session.get(Note, note_id)
    if found.owner_id != session["user_id"]:
        abort(403)
    return found.body


@app.get("/latest")
def latest():
    # ok: py-idor-candidate
    return Note.query.get(1).body
