class IgnoreBrowserLanguageMiddleware:
    """The UI language is the user's explicit choice (set_language cookie), never the browser's
    Accept-Language: officials on English systems still get Vietnamese unless they switch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
