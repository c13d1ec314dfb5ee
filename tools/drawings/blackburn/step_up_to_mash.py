"""First-draft layout of bpmn/blackburn/step_up_to_mash.bpmn (Universal/CAF to MASH).

Regenerate with: python tools/draw_bpmn.py tools/drawings/blackburn/step_up_to_mash.py > bpmn/blackburn/step_up_to_mash.bpmn
then move the labels of the four arrows leaving "Outcome?" onto their last bend (they start from
one point, so the drawn labels overlap), and the 45-day timer's label right of the 10-day one's;
the shipped file has them moved.
"""
PROCESS = ("blackburn_step_up_to_mash", "Step-up from Universal/CAF to MASH")
LANES = ["Early Help Practitioner", "Early Help Team Leader", "MASH Social Worker", "MASH Manager",
         "CAF Link Worker", "Allocated Social Worker"]
EHP, TL, MSW, MM, CAF, ASW = range(6)
NODES = [
    ("concern_identified", "startEvent", "Worried about a child (Universal/CAF)", EHP, 0, 0),
    ("share_concern", "userTask", "Share the concern with the team leader and manager", EHP, 1, 0),
    ("team_leader_decision", "userTask", "Agree whether a referral or advice from MASH is needed", TL, 2, 0),
    ("mash_needed", "exclusiveGateway", "Referral or advice needed?", TL, 3, 0),
    ("carry_on_under_caf", "endEvent", "Not needed: carry on under the CAF", TL, 4, 1),
    ("seek_consent", "userTask", "Seek consent from the parents, where appropriate", EHP, 4, 0),
    ("discuss_with_mash", "userTask", "Discussion with the MASH social worker", MSW, 5, 0),
    ("request_needed", "exclusiveGateway", "Request for service?", MSW, 6, 0),
    ("advice_was_enough", "endEvent", "Advice given by the MASH social worker", MSW, 7, 1),
    ("request_for_service", "userTask", "Submit a request for service", EHP, 7, 0),
    ("mash_screening", "userTask", "MASH initial screening", MSW, 8, 0),
    ("screening_decision_overdue", "userTask", "Escalation: the screening decision is overdue", MM, 9, 1),
    ("screening_escalation_handled", "endEvent", "Escalation handled", MM, 9.75, 1),
    ("mash_management_oversight", "userTask", "MASH management oversight and decision", MM, 9, 0),
    ("mash_outcome", "exclusiveGateway", "Outcome?", MM, 10, 0),
    ("advise_referrer", "userTask", "Advice to the person making the contact", MSW, 11, 0),
    ("referrer_advised", "endEvent", "Referrer advised", MSW, 12, 0),
    ("offer_early_help", "userTask", "Contact the referrer and offer Early Help", TL, 11, 0),
    ("early_help_offered", "endEvent", "Early Help offered", TL, 12, 0),
    ("caf_link_worker_guidance", "userTask", "CAF link worker advice and guidance", CAF, 11, 0),
    ("caf_guidance_given", "endEvent", "Advice and guidance given", CAF, 12, 0),
    ("social_work_assessment", "userTask", "Child and family assessment (s17 / s47)", ASW, 11, 0),
    ("assessment_concluded", "endEvent", "Assessment concluded", ASW, 13, 0),
    ("caf_closed", "endEvent", "CAF closed at the 10-day assessment checkpoint", ASW, 12, 1),
    ("assessment_overdue", "userTask", "Escalation: the assessment is past 45 working days", MM, 12, 1),
    ("assessment_escalation_handled", "endEvent", "Escalation handled", MM, 13, 1),
]
TIMERS = [
    ("screening_decision_due", "Decision due: 4 hours if an immediate response is required, else 1 working day",
     "mash_screening", "timeDate", 'hours(4) if immediate_response_required == "Yes" else working_days(1)', False),
    ("caf_checkpoint", "10-day assessment checkpoint: the CAF closes", "social_work_assessment", "timeDate",
     "working_days(10)", False),
    ("assessment_due", "Assessment due: 45 working days from the request for service", "social_work_assessment", "timeDate",
     "working_days_from(request_received_at, 45)", False),
]
FLOWS = [
    ("flow_to_share", "concern_identified", "share_concern", None, None, False),
    ("flow_to_team_leader", "share_concern", "team_leader_decision", None, None, False),
    ("flow_to_mash_needed", "team_leader_decision", "mash_needed", None, None, False),
    ("flow_mash_needed", "mash_needed", "seek_consent", "Referral or advice",
     'agreed_route != "Not needed: carry on under the CAF"', False),
    ("flow_not_needed", "mash_needed", "carry_on_under_caf", "Not needed", None, True),
    ("flow_to_discussion", "seek_consent", "discuss_with_mash", None, None, False),
    ("flow_to_request_needed", "discuss_with_mash", "request_needed", None, None, False),
    ("flow_request", "request_needed", "request_for_service", "Yes", None, True),
    ("flow_advice_enough", "request_needed", "advice_was_enough", "No: advice was enough",
     'submit_request_for_service != "Yes"', False),
    ("flow_to_screening", "request_for_service", "mash_screening", None, None, False),
    ("flow_to_oversight", "mash_screening", "mash_management_oversight", None, None, False),
    ("flow_screening_late", "screening_decision_due", "screening_decision_overdue", None, None, False),
    ("flow_screening_escalation_handled", "screening_decision_overdue", "screening_escalation_handled", None, None,
     False),
    ("flow_to_outcome", "mash_management_oversight", "mash_outcome", None, None, False),
    ("flow_advice", "mash_outcome", "advise_referrer", "Advice to the referrer", None, True),
    ("flow_early_help", "mash_outcome", "offer_early_help", "Early Help support",
     'outcome_route == "early_help"', False),
    ("flow_caf_link_worker", "mash_outcome", "caf_link_worker_guidance", "CAF link worker",
     'outcome_route == "caf_link_worker"', False),
    ("flow_assessment", "mash_outcome", "social_work_assessment", "s17 / s47 assessment",
     'outcome_route == "assessment"', False),
    ("flow_advised", "advise_referrer", "referrer_advised", None, None, False),
    ("flow_offered", "offer_early_help", "early_help_offered", None, None, False),
    ("flow_guided", "caf_link_worker_guidance", "caf_guidance_given", None, None, False),
    ("flow_assessed", "social_work_assessment", "assessment_concluded", None, None, False),
    ("flow_caf_closes", "caf_checkpoint", "caf_closed", None, None, False),
    ("flow_assessment_late", "assessment_due", "assessment_overdue", None, None, False),
    ("flow_assessment_escalation_handled", "assessment_overdue", "assessment_escalation_handled", None, None, False),
]
DOCS = {
    "share_concern": "Concerns are immediately shared with the team leader and manager. Immediate safeguarding "
                     "concerns follow safeguarding procedures (the Immediate safeguarding concern pathway).",
    "team_leader_decision": "If it is agreed that a referral into MASH or advice from a social worker is needed, "
                            "consent from the parents is sought where appropriate.",
    "seek_consent": "Parents' consent (and the child's, where age appropriate) to sharing information, recorded "
                    "on the case: given, refused or not sought (with why not).",
    "discuss_with_mash": "The practitioner and the MASH social worker consider the presenting information, any "
                         "relevant historical information and the previous offer of early help, and agree "
                         "whether an immediate response is required.",
    "request_for_service": "The practitioner submits a request for service (MASH: 01254 666400; Emergency Duty "
                           "Team 01254 587547 in the guidance).",
    "mash_screening": "Initial screening: safeguarding lead consulted; consent asked; all previous involvement "
                      "considered; a young person aged 16 or 17 has their views ascertained directly unless not "
                      "in their best interests (a recorded reason). The lead agency decision maker responds "
                      "within 4 hours when an immediate response is required; otherwise the referral decision is "
                      "due within 1 working day.",
    "screening_decision_overdue": "Tier 2: the decision deadline passed; MASH management is told. The screening "
                                  "stays open.",
    "mash_management_oversight": "MASH oversight proportionately considers the multi-agency information and "
                                 "views. Where consent cannot or has not been obtained and sharing is needed for "
                                 "the child's safety, consent is overridden and the reason and the manager are "
                                 "recorded here (shown in the chronology).",
    "offer_early_help": "Levels 2 and 3 step across to the Early Help service: contact with the referrer and an "
                        "offer of Early Help services; the family's consent to the service is recorded.",
    "social_work_assessment": "A social worker is allocated to assess through Child in Need (s17) or Child "
                              "Protection (s47). Child and family assessment within 45 working days of the referral.",
    "caf_closed": "The CAF closes at the 10-day assessment checkpoint.",
    "assessment_overdue": "Tier 2: the 45-working-day assessment deadline passed; the assessment stays open.",
}
