"""The JSON API's request shapes: they validate what a client sends, and the OpenAPI
document (service/api/openapi.py) is generated from them, so the two cannot disagree.

Text fields take their length limit from the column they are stored in. Dates are text
(YYYY-MM-DD) only and must be plausible by the service's clock.
"""
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      ValidationError, ValidationInfo, WithJsonSchema, field_validator)
from pydantic_core import PydanticCustomError

from handlers import PACKS
from handlers.forms import ISO_DATE, text_problem
from handlers.safeguarding import CONCERN_FIELDS

from service.errors import Invalid
from service.store.case_records import NOTE_LENGTH
from service.store.models import Case, ProcessVersion, User, UserRole
from service.store.paging import DEFAULT_LIMIT, MAX_CURSOR, MAX_ID, MAX_LIMIT

Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# A child's date of birth: not in the future, and not before 1900 (a typing slip).
EARLIEST_BIRTH = date(1900, 1, 1)
# An unborn child's expected date: a pregnancy is known at most ~10 months ahead, and a
# baby is born by 42 weeks, so a date more than 6 weeks past means the child is born.
EXPECTED_AHEAD = timedelta(days=300)
EXPECTED_PAST = timedelta(weeks=6)


def _storable(value):
    problem = text_problem(value)
    if problem:
        raise PydanticCustomError("unstorable_text", problem)
    return value


def column_length(model, name):
    """The declared length of a text column: the one limit a field stored in it may have."""
    return model.__table__.c[name].type.length


def text(max_length, required=False):
    """Text of at most ``max_length`` characters, trimmed, with nothing a database refuses."""
    return Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length,
                                            min_length=1 if required else None), AfterValidator(_storable)]


def column_text(model, name, required=False):
    """Text that fits the column ``model.name``."""
    return text(column_length(model, name), required)


def _iso_date(value):
    # Text only: pydantic alone would read 1700000000 (or "1700000000") as a Unix time.
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("iso_date", "must be a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("iso_date", "must be a real date as YYYY-MM-DD") from None


IsoDate = Annotated[date | None, BeforeValidator(_iso_date)]


class Strict(BaseModel):
    """A request body: unknown fields are refused by name."""
    model_config = ConfigDict(extra="forbid")


class CaseInput(Strict):
    """A child to register: exactly one of a date of birth or (unborn) an expected date."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"child_name": "Fictional Child", "date_of_birth": "2018-05-04", "person_id": "P-100",
         "family_id": "F-100", "pack": "camden", "current_service": "EH", "lead_professional": "Demo Worker"}]})
    child_name: column_text(Case, "child_name", required=True)
    # Checked before date_of_birth, whose check needs it.
    expected_date: IsoDate = Field(None, description="an unborn child's expected date, YYYY-MM-DD: from 6 weeks "
                                                     "ago to 300 days ahead; or give date_of_birth")
    date_of_birth: IsoDate = Field(None, validate_default=True,
                                   description="YYYY-MM-DD, from 1900 up to today; or give expected_date")
    person_id: column_text(Case, "person_id") = ""
    family_id: column_text(Case, "family_id") = ""
    pack: Literal[tuple(sorted(PACKS))]
    current_service: Literal["EH", "CSC"] = "EH"
    lead_professional: column_text(Case, "lead_professional") = ""

    @field_validator("expected_date")
    @classmethod
    def _expected_soon(cls, value, info: ValidationInfo):
        today = _today(info)
        if value is not None and not today - EXPECTED_PAST <= value <= today + EXPECTED_AHEAD:
            raise PydanticCustomError(
                "date_range", "must be from {earliest} to {latest} (an older date means the child is born: "
                "give the date of birth)",
                {"earliest": f"{today - EXPECTED_PAST:%d %B %Y}", "latest": f"{today + EXPECTED_AHEAD:%d %B %Y}"})
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _born_in_the_past_and_one_date(cls, value, info: ValidationInfo):
        today = _today(info)
        if value is not None and not EARLIEST_BIRTH <= value <= today:
            raise PydanticCustomError("date_range", "must be between 1 January 1900 and today")
        if "expected_date" in info.data:  # absent when the expected date was itself refused
            expected = info.data["expected_date"]
            if value is None and expected is None:
                raise PydanticCustomError("one_date", "give a date of birth, or an expected date for an unborn child")
            if value is not None and expected is not None:
                raise PydanticCustomError("one_date", "give a date of birth or an expected date, not both")
        return value


def _today(info):
    """The service's date (by its clock, in London), which the use case passes in."""
    today = (info.context or {}).get("today")
    if today is None:
        raise RuntimeError("CaseInput is validated with context={'today': <the service's date>}")
    return today


class PathwayStart(Strict):
    """Start a pathway on a case."""
    pathway: column_text(ProcessVersion, "pathway", required=True) = Field(
        examples=["camden/step_up_to_mash"], description="<pack>/<diagram>, e.g. camden/step_up_to_mash")


class FamilyPathwayStart(Strict):
    """Start one run of a pathway covering a family's children (one meeting for the siblings)."""
    pathway: column_text(ProcessVersion, "pathway", required=True) = Field(
        examples=["camden/daily_discussion_meeting"], description="<pack>/<diagram>")
    case_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        None, max_length=50, description="the children it covers: by default every case of the family in the "
                                         "pathway's pack")


FormValues = Annotated[dict[str, Any], Field(
    description="field name → value, as the task's form lists them (GET /tasks/{item_id}): text, "
                "true/false, whole numbers, YYYY-MM-DD dates, YYYY-MM-DDTHH:MM London times, lists of choices")]


class TaskCompletion(Strict):
    """The answers to a task's form."""
    data: FormValues = {}


class DraftInput(Strict):
    """Unfinished answers to keep: checked only so they can be stored, not as a complete answer."""
    data: FormValues = {}


def form_json_schema(fields):
    """A handler's form fields as JSON Schema (the same declarations handlers/forms.py validates)."""
    kinds = {"boolean": {"type": "boolean"}, "date": {"type": "string", "format": "date"},
             "datetime": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"}}
    properties = {}
    for f in fields:
        if f.type == "choice":
            schema = {"type": "string", "enum": list(f.choices)}
        elif f.type == "multichoice":
            schema = {"type": "array", "items": {"type": "string", "enum": list(f.choices)}}
        elif f.type == "integer":
            schema = {"type": "integer", **({"minimum": f.minimum} if f.minimum is not None else {}),
                      **({"maximum": f.maximum} if f.maximum is not None else {})}
        elif f.max_length:
            schema = {"type": "string", "maxLength": f.max_length}
        else:
            schema = dict(kinds[f.type])
        properties[f.name] = {**schema, "title": f.label}
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": [f.name for f in fields if f.required]}


class ConcernInput(Strict):
    """An immediate safeguarding concern, as the worker records it."""
    data: Annotated[dict[str, Any], WithJsonSchema(form_json_schema(CONCERN_FIELDS))]


# Levels of need are small whole numbers (Manchester's scale runs 1-5); which ones a case may take
# is its pack's scale, checked by the use case (service/work/level_of_need.py) and refused naming `level`.
MAX_LEVEL = 99
REASON_LENGTH = 2000


class LevelOfNeedInput(Strict):
    """Where the child is on the pack's Level of Need scale, and why."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"level": 4, "reason": "Fictional: Level 3 support has not improved outcomes"}]})
    level: Annotated[int, Field(strict=True, ge=0, le=MAX_LEVEL,
                                description="a level on the case's pack's scale (GET /cases/{id} lists it)")]
    reason: text(REASON_LENGTH) = Field("", description="why the child is at this level")


NoteText = text(NOTE_LENGTH, required=True)


class NoteInput(Strict):
    """A case note, in the worker's own words."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Fictional: home visit, the child was at school; spoke with the parent."}]})
    text: NoteText = Field(description=f"the note, 1 to {NOTE_LENGTH:,} characters")


class AttachmentUpload(BaseModel):
    """A document for the case, sent as multipart/form-data; the file's own name is the name it is stored under.

    Describes the form's parts for the OpenAPI document; the file itself is judged by its
    content when it arrives, which no schema can do.
    """
    file: bytes = Field(description="the document: PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), "
                                    "PNG, JPEG or plain text (UTF-8), at most the service's limit (10 MB unless "
                                    "configured), its name ending as its content is")
    description: str = Field("", max_length=400, description="what the document is, e.g. 'Minutes of the "
                                                            "strategy discussion'")


# -- query strings ---------------------------------------------------------------------------

class Query(BaseModel):
    """Query-string parameters: unknown ones are ignored, as browsers and proxies add their own."""
    model_config = ConfigDict(extra="ignore")


def _blank_is_none(value):
    return None if value == "" else value



class PageQuery(Query):
    """A page of a list: ``after`` is the ``next`` cursor of the page before."""
    after: Annotated[Annotated[str, StringConstraints(max_length=MAX_CURSOR, pattern=r"^[A-Za-z0-9_-]+$")] | None,
                     BeforeValidator(_blank_is_none)] = Field(
        None, description="the `next` cursor of the page before; leave out for the first page")
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = Field(
        DEFAULT_LIMIT, description=f"rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})")


def _kinds(value):
    # "notes,decisions" or a repeated value: each must be a kind the chronology knows.
    from service.work.chronology import KINDS  # the kinds live with the chronology's words
    if value in (None, ""):
        return None
    wanted = [k.strip() for k in str(value).split(",") if k.strip()]
    unknown = [k for k in wanted if k not in KINDS]
    if unknown or not wanted:
        raise PydanticCustomError("kind", "must be one or more of: {kinds}", {"kinds": ", ".join(KINDS)})
    return ",".join(dict.fromkeys(wanted))


class HistoryQuery(PageQuery):
    """A page of a case's chronology, of some kinds only, oldest or newest first."""
    kind: Annotated[Annotated[str, StringConstraints(max_length=200)] | None, BeforeValidator(_kinds)] = Field(
        None, description="only these kinds, comma-separated: decisions, tasks, notes, attachments, consent, "
                          "level_of_need, emails, pathways, safeguarding, case")
    order: Annotated[Literal["oldest", "newest"], BeforeValidator(lambda v: v or "oldest")] = Field(
        "oldest", description="oldest first (the default) or newest first")

    def kinds(self):
        return set(self.kind.split(",")) if self.kind else None


class TaskCountFilters(Query):
    case: Id | None = Field(None, description="only this case's tasks")
    pathway: column_text(ProcessVersion, "pathway") | None = Field(None, description="only this pathway's tasks")


class TaskFilters(PageQuery, TaskCountFilters):
    overdue: bool | None = Field(None, description="true: only overdue tasks; false: only tasks not overdue")


class CaseSearch(PageQuery):
    q: column_text(Case, "child_name") | None = Field(
        None, description="the start of a child's name (any case), person ID or family ID")


class Limit(Query):
    limit: Annotated[int, Field(ge=1, le=10_000)] | None = Field(None, description="at most this many")


class OutboxFilter(PageQuery):
    status: Annotated[Literal["queued", "sending", "sent", "failed"] | None, BeforeValidator(_blank_is_none)] = \
        Field(None, description="only messages with this status")


class TeamTaskFilters(PageQuery):
    """One team's tray: the pack and the role whose open work to list."""
    pack: column_text(UserRole, "pack", required=True) = Field(description="the pack, e.g. camden")
    role: column_text(UserRole, "role", required=True) = Field(description="a role (a lane) of that pack")


class Allocation(Strict):
    """Whom a manager gives a task to."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"assignee": "camden-early-help-manager"},
        {"assignee": "camden-early-help-manager", "replacing": "fictional-colleague"}]})
    assignee: column_text(User, "username", required=True) | None = Field(
        description="the username of an active colleague holding the task's role; null gives it back to the team")
    replacing: column_text(User, "username") | None = Field(
        None, description="who holds the task now, as you last saw it (leave out or null: nobody); if someone "
                          "else holds it by the time this arrives, nothing changes and the answer is a 409")


# -- validation ------------------------------------------------------------------------------

def validate(model, data, context=None):
    """``data`` as a ``model``, or Invalid naming each bad field in plain words."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise Invalid("some fields need attention", field_messages(exc)) from None


def field_messages(exc):
    """pydantic's errors as {field: message}, one message per field, in words a person reads."""
    fields = {}
    for err in exc.errors(include_url=False, include_input=False):
        ctx = err.get("ctx") or {}
        loc = ".".join(str(part) for part in err["loc"]) or ctx.get("field") or "body"
        fields.setdefault(loc, _message(err, ctx))
    return fields


def _message(err, ctx):
    kind = err["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_too_short":
        return "is required"
    if kind == "string_too_long":
        return f"is too long ({ctx['max_length']:,} characters at most)"
    if kind == "string_pattern_mismatch":
        return "has characters it may not hold"
    if kind in ("string_type", "string_sub_type"):
        return "must be text"
    if kind == "string_unicode":
        return "must not contain an unpaired surrogate character"
    if kind == "literal_error":
        return "must be one of: " + ctx["expected"].replace(" or ", ", ").replace("'", "")
    if kind.startswith("int_"):
        return "must be a whole number"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']:,}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']:,}"
    if kind.startswith("bool_"):
        return "must be true or false"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object"
    return err["msg"]
