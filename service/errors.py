"""Errors the use cases raise; the API and the views turn them into responses."""


class StepwiseError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(StepwiseError):
    status, code = 404, "not_found"


class Forbidden(StepwiseError):
    status, code = 403, "forbidden"


class Conflict(StepwiseError):
    status, code = 409, "conflict"


class Invalid(StepwiseError):
    status, code = 422, "invalid"


class TooLarge(StepwiseError):
    status, code = 413, "too_large"
