# A Pyramid view: the session comes from the request and the module never imports SQLAlchemy.
from pyramid.view import view_config

from .models import Item


@view_config(route_name="items", renderer="json")
def items(request):
    column = request.params["sort"]
    query = request.dbsession.query(Item)
    # ruleid: py-sql-injection
    rows = query.order_by("{} DESC".format(column)).all()
    # ok: py-sql-injection
    ordered = query.order_by(Item.name).all()
    # ruleid: py-sql-injection
    named = Item.query.filter("name = '%s'" % request.params["name"]).first()
    # ok: py-sql-injection
    kept = filter(None, [column, request.params["name"]])
    # ok: py-sql-injection
    recent = Item.objects.get_queryset().order_by("-" + column)
    # ok: py-sql-injection
    by_id = request.dbsession.query(Item).filter(Item.id == int(request.matchdict["id"])).first()
    return {"rows": rows, "ordered": ordered, "named": named, "kept": list(kept), "by_id": by_id, "recent": recent}
