def memberships(request):
    """The organisations the user works for, for the navigation. Evaluated lazily, once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_memberships": []}
    return {"user_memberships": user.office_memberships}
