"""Diagrams as data: the catalogue of deployed versions, the checks a draft must pass before it is
deployed, the functions a diagram may call, and the drawing and diff of a version."""
