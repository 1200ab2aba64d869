from django.utils.html import format_html

LINK = "<a href='{}'>{}</a>"


def badge(user, css):
    # ruleid: py-format-html-prebuilt
    a = format_html(f"<span class='{css}'>{user.name}</span>")
    # ruleid: py-format-html-prebuilt
    b = format_html("<span class='%s'>{}</span>" % css, user.name)
    # ruleid: py-format-html-prebuilt
    c = format_html("<b>{}</b>".format(user.name))
    # ok: py-format-html-prebuilt
    d = format_html("<span class='{}'>{}</span>", css, user.name)
    # ok: py-format-html-prebuilt
    e = format_html(LINK, user.url, user.name)
    return a + b + c + d + e
