"""The claims the test provider gives: a user whose last name is "onbevestigd" has an e-mail
address the provider has not verified."""


def userinfo(claims, user):
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = user.last_name != "onbevestigd"
    return claims
