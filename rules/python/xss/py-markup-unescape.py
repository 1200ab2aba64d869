from markupsafe import Markup, escape


def show(comment):
    # ruleid: py-markup-unescape
    raw = Markup(comment).unescape()
    # ok: py-markup-unescape
    kept = escape(comment)
    return raw, kept
