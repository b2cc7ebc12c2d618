"""Who is calling: citizens by session cookie (web) or bearer token (app, API clients).

Both answer ``request.auth`` with an ``identity.selectors.Citizen``.
"""

from ninja.security import HttpBearer, SessionAuth

from jiaoguan.identity.selectors import citizen_for_token, citizen_for_user


class CitizenToken(HttpBearer):
    def authenticate(self, request, token):
        return citizen_for_token(key=token)


class CitizenSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return citizen_for_user(user) if user is not None else None


citizen_auth = [CitizenToken(), CitizenSession()]
