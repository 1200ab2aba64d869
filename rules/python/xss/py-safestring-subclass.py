from django.utils.safestring import SafeData, SafeString
from django.utils import safestring
from markupsafe import Markup


# ruleid: py-safestring-subclass
class Highlighted(SafeString):
    pass


# ruleid: py-safestring-subclass
class Snippet(safestring.SafeData):
    def render(self):
        return self


# ruleid: py-safestring-subclass
class Badge(Markup):
    pass


# ok: py-safestring-subclass
class Label(str):
    pass


# ok: py-safestring-subclass
class Plain(object):
    pass
