# Django class-based views: the request a view holds and the URL's keyword arguments are the client's.
from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.utils._os import safe_join
from django.views import View

DOCS = "/srv/docs"


class Document(View):
    def get(self, request, *args, **kwargs):
        # ruleid: py-path-traversal
        size = len(open(Path(DOCS) / self.kwargs["name"], "rb").read())
        # ok: py-path-traversal
        checked = open(safe_join(DOCS, self.kwargs["name"]), "rb")
        # ok: py-path-traversal
        return FileResponse(checked, filename=f"{size}.bin")


class Preview(View):
    def post(self, request):
        # ruleid: py-path-traversal
        text = Path(DOCS, self.request.POST["page"]).read_text()
        return HttpResponse(text, content_type="text/plain")
