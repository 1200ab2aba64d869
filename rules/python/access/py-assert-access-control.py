def delete_post(request, post):
    # ruleid: py-assert-access-control
    assert request.user.is_staff
    # ruleid: py-assert-access-control
    assert post.owner == request.user, "not yours"
    # ok: py-assert-access-control
    assert isinstance(post.id, int)
    if not request.user.has_perm("blog.delete_post"):
        raise PermissionError
    post.delete()


class Field:
    def __init__(self, permissions):
        self.permissions = permissions
        # ok: py-assert-access-control
        assert isinstance(self.permissions, list), "permissions is a list"
