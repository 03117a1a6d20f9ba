"""Request middleware of the project."""

from django.conf import settings
from django.http import QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from accounts.text import DIRECTION_CONTROLS, without_direction_controls


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch first: English only when the user chose it with the switcher.

    The browser's Accept-Language is ignored on purpose; a civil servant with an English
    operating system still works in a Dutch administration.
    """

    def process_request(self, request) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class DirectionControlsMiddleware:
    """Posted form values without direction-control characters (accounts/text.py)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            posted = request.POST
            if any(DIRECTION_CONTROLS.search(v) for values in posted.lists() for v in values[1]):
                clean = QueryDict(mutable=True, encoding=posted.encoding)
                for key, values in posted.lists():
                    clean.setlist(key, [without_direction_controls(v) for v in values])
                clean._mutable = False
                request.POST = clean
        return self.get_response(request)
