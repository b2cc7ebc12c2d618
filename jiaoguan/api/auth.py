"""Who is calling: citizens by session cookie (web) or bearer token (app, API clients)."""

from ninja.security import HttpBearer, SessionAuth

from jiaoguan.identity.selectors import user_for_token


class CitizenToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(key=token)
        if user is None or user.person_id is None:
            return None
        request.user = user
        return user


class CitizenSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.person_id is not None else None


citizen_auth = [CitizenToken(), CitizenSession()]
