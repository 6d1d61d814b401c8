"""What an OPTIONS request answers (REST_FRAMEWORK["DEFAULT_METADATA_CLASS"])."""

from rest_framework.metadata import SimpleMetadata


class ApiMetadata(SimpleMetadata):
    """DRF's metadata without the view's docstring: it was answered as the endpoint's "description", a note to the
    API's developers in English whatever the client's language, as the schema leaves it out
    (SPECTACULAR_SETTINGS["DISABLE_DOCSTRING_DESCRIPTIONS"]). The documentation describes each operation in the
    reader's language. The `name` stays: an identifier of the endpoint, like the schema's operationId."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata.pop("description", None)
        return metadata
