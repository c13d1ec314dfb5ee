"""The JSON API (/api/v1): routes, their request and response shapes, the OpenAPI document."""
