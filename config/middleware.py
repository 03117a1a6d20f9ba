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
        # The API takes JSON only and cleans it in its parser (api/parsers.py); reading a form
        # body here would leave it nothing to refuse (415) but an empty body.
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
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


class AdminStylesMiddleware:
    """The admin's own scripts (jQuery and select2 on a change form) insert two small <style>
    elements; on /admin/ only, exactly those two are allowed by their hashes. Everywhere else
    the policy stays as strict as config/settings.py says. A new Django version may change
    them: tests/e2e/test_api_docs_and_admin.py then reports the console error."""

    ADMIN_STYLES = (
        "'sha256-bM6i/Qb6snN4zpfDg6WZt+vuPtz+OLCqu86Osj+sOCo='",
        "'sha256-6V0jFG+sl4XTL422gIA4M3FiBc2Xb3Wm+wY/koWzLvs='",
    )

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": list(self.ADMIN_STYLES)}
        return response
