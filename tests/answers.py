"""What the API answered, in the words the pathway tests use: done, or refused naming a field."""


def ok(response):
    """A 200; the response, for reading on."""
    assert response.status_code == 200, response.json
    return response


def refused(response, field):
    """A 422 naming ``field``; returns its message."""
    assert response.status_code == 422, response.json
    assert field in response.json["fields"], response.json
    return response.json["fields"][field]
