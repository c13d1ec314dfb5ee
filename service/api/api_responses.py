"""What the JSON API answers, as pydantic models: the OpenAPI document's response schemas.

Routes build plain dicts; the fuzz test (tests/test_api_fuzz.py) checks every answer
against these shapes, so a route that drifts from its documented shape fails there.
Models allow extra keys: adding a field to an answer is not a breaking change.
"""
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """Every error: a code, a sentence, and a message per field that needs attention."""
    error: str = Field(examples=["invalid"])
    message: str
    fields: dict[str, str] = Field(description="field name → what is wrong with it (may be empty)")


class CaseOut(BaseModel):
    id: int
    child_name: str
    date_of_birth: date | None
    expected_date: date | None
    person_id: str
    family_id: str
    pack: str
    current_service: str
    lead_professional: str
    created_at: datetime
    level_of_need: int | None = Field(description="the child's level on the pack's Level of Need scale; null if not "
                                                  "recorded")


class LevelOut(BaseModel):
    """One level of a pack's Level of Need scale, in the council's words."""
    level: int
    name: str
    description: str
    route: str = Field(description="the service this level points to", examples=["Early Help Hub"])


class LevelRecorded(LevelOut):
    set_at: datetime | None
    set_by: str | None = Field(description="username of who set it, or null for the system")
    set_by_name: str | None


class LevelChange(BaseModel):
    level: int
    previous_level: int | None
    reason: str | None
    at: datetime
    set_by: str = Field(description="a username, or 'system'")
    set_by_name: str
    task_id: str | None = Field(description="the pathway step that set it, or null when set directly")


class LevelOfNeed(BaseModel):
    """The case's level of need now, its history (oldest first) and the pack's scale."""
    case_id: int
    current_service: str
    current: LevelRecorded | None
    history: list[LevelChange]
    scale: list[LevelOut]


NEXT = Field(description="the cursor of the next page, to send as `after`; null on the last page")


class CaseList(BaseModel):
    cases: list[CaseOut]
    next: str | None = NEXT


class TaskOut(BaseModel):
    """A work item: one user task of a pathway, waiting for a role."""
    id: int
    case_id: int
    pathway: str
    task_id: str = Field(description="the BPMN user task id, which names its form")
    name: str
    role: str
    status: str = Field(examples=["open", "completed", "cancelled"])
    assignee: str | None
    created: datetime
    due: datetime | None
    overdue: bool
    urgent: bool = Field(description="an immediate safeguarding concern waiting for MASH's decision: show it first "
                                     "and flag it")
    instance_id: int


class TaskList(BaseModel):
    urgent: list[TaskOut] = Field(description="the immediate safeguarding concerns waiting for your roles, soonest due "
                                              "first, on every page whatever the filters (each is in `tasks` too, "
                                              "in its place by deadline)")
    tasks: list[TaskOut]
    next: str | None = NEXT


class TaskCounts(BaseModel):
    total: int = Field(description="your roles' open tasks")
    overdue: int = Field(description="of those, the ones past their deadline")


class PathwaySummary(BaseModel):
    id: int
    pathway: str
    version: int
    status: str


class ConsentOut(BaseModel):
    """One decision about consent, recorded by a pathway step; an override carries its reason and manager."""
    id: int
    given_by: str = Field(examples=["Parents / carers"])
    scope: str = Field(description="what the consent is to: sharing (information) or service",
                       examples=["sharing"])
    decision: str = Field(description="given, refused, not sought, or overridden (for the child's safety)")
    how: str
    when: date | None
    note: str
    override_reason: str
    overridden_by: str
    recorded_at: datetime
    recorded_by: str | None
    instance_id: int | None
    work_item_id: int | None


class FamilyRunChild(BaseModel):
    case_id: int
    child_name: str
    left_at: datetime | None = Field(description="when the run stopped covering this child (e.g. stepped up)")
    left_because: str | None


class FamilyRunOut(BaseModel):
    """A pathway run for the family (one meeting for the siblings) that covered this child."""
    id: int = Field(description="the pathway instance, also listed under pathways")
    family_id: str
    children: list[FamilyRunChild]


class CaseDetail(CaseOut):
    open_tasks: list[TaskOut]
    pathways: list[PathwaySummary]
    consent: list[ConsentOut] = Field(description="consent recorded on the case, oldest first")
    level_of_need_record: LevelRecorded | None = Field(description="the current level: what it means, who set it "
                                                                   "and when")
    level_of_need_history: list[LevelChange] = Field(description="every change of level, oldest first")
    level_of_need_scale: list[LevelOut] = Field(description="the pack's scale (empty if it declares none)")
    family_runs: list[FamilyRunOut] = Field(description="pathway runs covering this child with siblings")


class PathwayStarted(PathwaySummary):
    case_id: int
    open_tasks: list[TaskOut]


class FamilyPathwayStarted(PathwaySummary):
    """One run covering several children: its tasks show on each child's case."""
    family_id: str
    case_id: int = Field(description="the child whose case the run is filed under (the first it covers)")
    case_ids: list[int] = Field(description="every child the run covers")
    open_tasks: list[TaskOut]


class FormField(BaseModel):
    name: str
    label: str
    type: str
    required: bool
    help: str
    choices: list[str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    section: str | None = None
    per_child: bool | None = Field(None, description="a family run: one answer per child, as an object of case "
                                                     "id to answer; a refusal names <field>.<case id>")


class FamilyChild(BaseModel):
    case_id: int
    child_name: str


class TaskForm(BaseModel):
    title: str
    guidance: str
    fields: list[FormField]
    prefilled: dict[str, Any]
    children: list[FamilyChild] | None = Field(None, description="a family run: the children it covers")


class EvidenceAnswer(BaseModel):
    name: str
    label: str = Field(description="the earlier form's own label")
    value: Any


class EvidenceStep(BaseModel):
    task_id: str
    title: str
    completed_at: str
    completed_by: str | None
    answers: list[EvidenceAnswer]


class Draft(BaseModel):
    """Your own unfinished answers to a task (nobody else sees them); not yet an answer."""
    data: dict[str, Any]
    saved_at: datetime


class DraftSaved(Draft):
    task_id: int = Field(description="the work item the draft belongs to")


class TaskDetail(TaskOut):
    form: TaskForm
    evidence: list[EvidenceStep] = Field(description="what has been recorded so far: the earlier steps' answers "
                                                     "this task's handler shows, with their forms' labels")
    draft: Draft | None = Field(None, description="your draft of this task, if you saved one; null otherwise")


class TaskCompleted(TaskOut):
    next_tasks: list[TaskOut] = Field(description="the case's open tasks after this one")


class HistoryEvent(BaseModel):
    id: int
    at: datetime
    action: str
    summary: str
    actor: str = Field(description="a username, or 'system'")
    instance_id: int | None
    work_item_id: int | None
    task_id: str | None
    data: dict[str, Any] | None


class NoteOut(BaseModel):
    """A case note: who wrote it, when, what it says."""
    id: int
    case_id: int
    at: datetime
    author: str = Field(description="the author's username")
    author_name: str
    text: str


class NoteList(BaseModel):
    notes: list[NoteOut]
    next: str | None = NEXT


class AttachmentOut(BaseModel):
    """A document attached to the case (its bytes are at .../content)."""
    id: int
    case_id: int
    at: datetime
    file_name: str
    description: str
    content_type: str = Field(description="what the content was found to be (not what the sender claimed)")
    type: str = Field(description="the type in words", examples=["PDF", "Word document"])
    size: int = Field(description="in bytes")
    sha256: str
    added_by: str = Field(description="the username of who attached it")
    added_by_name: str


class AttachmentList(BaseModel):
    attachments: list[AttachmentOut]
    next: str | None = NEXT


class History(BaseModel):
    events: list[HistoryEvent]
    next: str | None = NEXT


class ConcernRaised(BaseModel):
    case_id: int
    instance_id: int
    pathway: str
    open_tasks: list[TaskOut]


class TimerOut(BaseModel):
    id: int
    instance_id: int
    case_id: int
    pathway: str
    timer_id: str
    name: str
    attached_to: str | None
    due: datetime
    status: str
    closed: datetime | None


class WaitingTimer(TimerOut):
    overdue: bool


class FiredTimer(TimerOut):
    fired: datetime


class Timers(BaseModel):
    now: datetime
    timers: list[WaitingTimer]
    next: str | None = NEXT


class Sweep(BaseModel):
    now: datetime
    fired: list[FiredTimer]


class OutboxMessage(BaseModel):
    id: int
    status: str
    pack: str
    case_id: int | None
    reason: str
    to: list[str]
    recipients: list[str]
    subject: str
    has_invite: bool
    attempts: int
    created: datetime
    next_attempt: datetime | None
    last_attempt: datetime | None
    sent: datetime | None
    last_error: str | None


class Outbox(BaseModel):
    smtp_configured: bool
    messages: list[OutboxMessage]
    next: str | None = NEXT


class Delivery(BaseModel):
    smtp_configured: bool
    sent: list[int]
    failed: list[int]


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document."""
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
