"""Every sentence the ticket flows show in Slack, in Swedish and English.

Requesters are answered in their own language; the privacy team's channel, buttons and modals use
TEAM_LANGUAGE. Personal identity numbers are masked by `mask_personal_numbers` wherever text is shown.
"""

from __future__ import annotations

import re
from datetime import date

from bot import rights

TEAM_LANGUAGE = "en"
LANGUAGES = ("sv", "en")

# 19850101-1234, 850101-1234, 198501011234, 8501011234, 850101+1234 (and samordningsnummer, day + 60).
_PERSONNUMMER = re.compile(r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])\d{2}[-+]?\d{4}(?![\d-])")

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
}

STATUS_NAMES = {
    "en": {
        "received": "received",
        "awaiting_identity": "waiting for identity check",
        "in_progress": "in progress",
        "fulfilled": "fulfilled",
        "partially_fulfilled": "partially fulfilled",
        "refused": "refused",
        "withdrawn": "withdrawn",
        "not_a_request": "closed – not a request",
    },
    "sv": {
        "received": "mottagen",
        "awaiting_identity": "väntar på identitetskontroll",
        "in_progress": "pågår",
        "fulfilled": "genomförd",
        "partially_fulfilled": "delvis genomförd",
        "refused": "avslagen",
        "withdrawn": "återkallad",
        "not_a_request": "stängd – ingen begäran",
    },
}

SOURCE_NAMES = {
    "en": {
        "dm": "direct message",
        "mention": "mention in a channel",
        "thread": "reply in the bot's thread",
        "slash_command": "/privacy request",
        "message_shortcut": "message shortcut",
        "manual": "logged by hand",
    },
    "sv": {
        "dm": "direktmeddelande",
        "mention": "omnämnande i en kanal",
        "thread": "svar i botens tråd",
        "slash_command": "/privacy request",
        "message_shortcut": "meddelandegenväg",
        "manual": "registrerad för hand",
    },
}

OUTCOME_NAMES = {
    "en": {
        "fulfilled": "Fulfilled",
        "partially_fulfilled": "Partially fulfilled",
        "refused": "Refused",
    },
    "sv": {
        "fulfilled": "Genomförd",
        "partially_fulfilled": "Delvis genomförd",
        "refused": "Avslagen",
    },
}

REASON_NAMES = {
    "en": {
        "insuf_verification": "Identity could not be verified",
        "no_match": "No data about the person",
        "claim_not_covered": "The right does not apply",
        "manifestly_unfounded": "Manifestly unfounded",
        "excessive": "Excessive (repetitive)",
        "legal_retention_obligation": "Legal obligation to keep the data (e.g. Bokföringslagen)",
        "suspected_fraud": "Suspected fraud",
        "outside_jurisdiction": "Outside our jurisdiction",
        "other": "Other",
    },
    "sv": {
        "insuf_verification": "Identiteten kunde inte styrkas",
        "no_match": "Inga uppgifter om personen",
        "claim_not_covered": "Rättigheten gäller inte",
        "manifestly_unfounded": "Uppenbart ogrundad",
        "excessive": "Orimlig (upprepad)",
        "legal_retention_obligation": "Lagkrav att spara uppgifterna (t.ex. bokföringslagen)",
        "suspected_fraud": "Misstänkt bedrägeri",
        "outside_jurisdiction": "Utanför vår jurisdiktion",
        "other": "Annat",
    },
}

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        # To the requester
        "confirm_lead": "I have registered your request as *{reference}*: {rights}{company}.",
        "confirm_lead_relayed": "I have registered the request as *{reference}*: {rights}{company}.",
        "confirm_next": "What happens next: the privacy team reviews the request and may ask you to confirm "
        "your identity. You will get an answer by *{due}* at the latest (one month from when we "
        "received it on {received}). I will post updates here.",
        "confirm_next_prompt": "What happens next: consent withdrawals and marketing opt-outs are acted on "
        "without delay. The privacy team aims to have it done by *{due}*. I will post updates here.",
        "confirm_relayed": "It is registered on behalf of the person you named; the privacy team will "
        "contact them if needed.",
        "confirm_next_relayed": "What happens next: the privacy team reviews the request and may need to "
        "confirm the person's identity. They will get an answer by *{due}* at the latest (one month from "
        "when we received it on {received}). I will post updates here.",
        "confirm_no_company": "The privacy team will work out which company it concerns.",
        "for_company": " at {company}",
        "not_a_request_button": "That wasn't a request",
        "not_a_request_done": "Understood – *{reference}* is closed as “not a request”. It stays in the log.",
        "update_status": "Update on *{reference}*: the request is now {status}.",
        "update_extended": "Update on *{reference}*: the privacy team needs more time and has extended the "
        "deadline to *{due}*. Reason: {reason}",
        "update_paused_identity": "Update on *{reference}*: before the privacy team can go on, they need to "
        "confirm the data subject's identity. The time limit is paused until then. {reason}",
        "update_paused_clarification": "Update on *{reference}*: the privacy team needs a clarification before "
        "they can go on. The time limit is paused until then. {reason}",
        "update_resumed": "Update on *{reference}*: the privacy team is working on it again; the answer is due "
        "by *{due}*.",
        "update_closed": "*{reference}* is closed: {outcome}.",
        "update_refused": "*{reference}* is closed: the request was refused ({reason}).",
        "imy": "You have the right to complain to the Swedish Authority for Privacy Protection, "
        "Integritetsskyddsmyndigheten (IMY), www.imy.se, and to take the matter to court.",
        "not_recorded": "I could not record your request just now. Please don't worry – I will try again "
        "automatically; if you don't get a reference shortly, send the message again.",
        # Offers
        "offer_question": "Do you want to open a request?",
        "offer_yes": "Yes, open a request",
        "offer_no": "No, thanks",
        "offer_about_right": "Want to exercise this right? The privacy team can handle it as a request.",
        "offer_open": "Open a request",
        "offer_declined": "OK, no request opened.",
        # Team channel
        "team_new": "{mention}New rights request *{reference}*",
        "team_company": "Company",
        "team_rights": "Right(s)",
        "team_due": "Due",
        "team_source": "Source",
        "team_status": "Status",
        "team_assignee": "Assignee",
        "team_received": "Received",
        "team_relayed": "Relayed on behalf of a data subject (details in the ticket).",
        "team_no_company": "not given – please triage",
        "team_unassigned": "nobody yet",
        "btn_assign": "Assign to me",
        "btn_verify": "Identity verified",
        "btn_start": "Start",
        "btn_extend": "Extend…",
        "btn_pause": "Pause clock…",
        "btn_resume": "Resume clock",
        "btn_close": "Close…",
        "log_assigned": "<@{actor}> took *{reference}*.",
        "log_verified": "<@{actor}> marked the identity as verified for *{reference}*.",
        "log_started": "<@{actor}> started work on *{reference}*.",
        "log_extended": "<@{actor}> extended *{reference}* to *{due}*. Reason: {reason}",
        "log_paused": "<@{actor}> paused the clock of *{reference}* ({kind}). Reason: {reason}",
        "stats_line": "{received} received, {open} open, {closed} closed, {overdue} overdue; closed on time "
        "{on_time}; median days to close {median}",
        "report_header": "*Rights requests in {month}*",
        "report_chart_title": "Rights requests, {month}",
        "gaps_week_header": "*Questions the policies couldn't answer this past week: {count}* "
        "(`python -m bot gaps` lists them)",
        "gaps_line": "• {company} · {topic}: {count}",
        "home_stats_header": "This month ({month})",
        "home_gaps_header": "Questions the policies couldn't answer (most frequent)",
        "home_gaps_none": "None kept.",
        "log_resumed": "<@{actor}> restarted the clock of *{reference}*: due *{due}*.",
        "log_closed": "<@{actor}> closed *{reference}*: {outcome}.",
        "log_refused": "<@{actor}> refused *{reference}* ({reason}).",
        "log_not_a_request": "<@{actor}> closed *{reference}* as “not a request”.",
        "log_imy": "The requester is told of the right to complain to Integritetsskyddsmyndigheten (IMY), "
        "www.imy.se.",
        "log_status": "<@{actor}> changed *{reference}*: {from_status} → {to_status}.",
        # Modals
        "extend_title": "Extend deadline",
        "extend_intro": "*{reference}* is due {due}. An extension adds up to two months and the data "
        "subject must be told why within the first month.",
        "extend_reason": "Reason (told to the data subject)",
        "extend_submit": "Extend",
        "pause_title": "Pause the clock",
        "pause_intro": "*{reference}* is due {due}. While paused, the days do not count: the due date moves "
        "by the days paused when the clock restarts. Whether a wait pauses the legal deadline is the team's "
        "call.",
        "pause_kind": "Waiting for",
        "pause_kind_identity": "Identity verification",
        "pause_kind_clarification": "Clarification",
        "pause_reason": "Reason (told to the requester)",
        "pause_submit": "Pause",
        "close_title": "Close request",
        "close_outcome": "Outcome",
        "close_reason": "Reason for refusal",
        "close_note": "Note (optional)",
        "close_submit": "Close",
        "close_need_reason": "Choose a reason for the refusal.",
        "cancel": "Cancel",
        "request_title": "Log rights request",
        "request_submit": "Log request",
        "request_company": "Company",
        "request_rights": "Right(s)",
        "request_subject_name": "Data subject's name",
        "request_subject_contact": "Data subject's e-mail or phone",
        "request_notes": "Notes",
        "request_need_right": "Choose at least one right.",
        "request_too_long": "At most {limit} characters, please.",
        "request_logged": "Logged *{reference}*: {rights}{company}. Due *{due}*.",
        "request_duplicate": "This message is already logged as *{reference}*.",
        "request_duplicate_other": "This message is already logged as a request by someone else.",
        # Refusals and errors
        "team_only": "Sorry – only the privacy team can do that. Your own requests are listed under "
        "`/privacy tickets`.",
        "not_yours": "Sorry – only the person who made the request or the privacy team can do that.",
        "already_closed": "*{reference}* is already closed.",
        "not_found": "I can't find that request.",
        "cant_change": "That change isn't possible for *{reference}* now: {reason}",
        "extend_too_late": "the first month has passed, so the deadline can no longer be extended",
        "storage_down": "I can't reach the ticket database right now. Please try again in a minute.",
        # Lists
        "list_team_header": "Rights requests – {which} ({count})",
        "list_mine_header": "Your requests ({count})",
        "list_empty": "No requests to show.",
        "list_open": "open",
        "list_overdue": "overdue",
        "list_mine": "assigned to you",
        "list_usage": "Usage: `/privacy tickets [open|overdue|mine]`",
        "overdue": "overdue by {days} day(s)",
        "due_today": "due today",
        "due_soon": "due in {days} day(s)",
        "due_in": "{days} days left",
        "home_team_header": "Privacy team queue",
        "home_mine_header": "Your rights requests",
        "digest_header": "Daily digest {day}: {overdue} overdue, {soon} due soon",
        "digest_none": "Daily digest {day}: nothing overdue or due soon.",
        "digest_overdue": "Overdue",
        "digest_soon": "Due soon",
        "more": "… and {count} more",
    },
    "sv": {
        "confirm_lead": "Jag har registrerat din begäran som *{reference}*: {rights}{company}.",
        "confirm_lead_relayed": "Jag har registrerat begäran som *{reference}*: {rights}{company}.",
        "confirm_next": "Så här går det till: integritetsteamet går igenom begäran och kan behöva be dig "
        "bekräfta din identitet. Du får svar senast *{due}* (en månad från att vi tog emot den "
        "{received}). Jag skriver uppdateringar här.",
        "confirm_next_prompt": "Så här går det till: återkallat samtycke och avregistrering från "
        "marknadsföring hanteras utan dröjsmål. Integritetsteamet siktar på att det är klart senast "
        "*{due}*. Jag skriver uppdateringar här.",
        "confirm_relayed": "Den är registrerad för den person du angav; integritetsteamet kontaktar "
        "personen vid behov.",
        "confirm_next_relayed": "Så här går det till: integritetsteamet går igenom begäran och kan behöva "
        "bekräfta personens identitet. Personen får svar senast *{due}* (en månad från att vi tog emot den "
        "{received}). Jag skriver uppdateringar här.",
        "confirm_no_company": "Integritetsteamet tar reda på vilket företag det gäller.",
        "for_company": " hos {company}",
        "not_a_request_button": "Det var ingen begäran",
        "not_a_request_done": "Uppfattat – *{reference}* är stängd som ”ingen begäran”. Den finns kvar i loggen.",
        "update_status": "Uppdatering om *{reference}*: begäran är nu {status}.",
        "update_extended": "Uppdatering om *{reference}*: integritetsteamet behöver mer tid och har förlängt "
        "svarstiden till *{due}*. Skäl: {reason}",
        "update_paused_identity": "Uppdatering om *{reference}*: innan integritetsteamet kan gå vidare "
        "behöver de bekräfta den registrerades identitet. Svarstiden står still tills dess. {reason}",
        "update_paused_clarification": "Uppdatering om *{reference}*: integritetsteamet behöver ett "
        "förtydligande innan de kan gå vidare. Svarstiden står still tills dess. {reason}",
        "update_resumed": "Uppdatering om *{reference}*: integritetsteamet arbetar med ärendet igen; svar "
        "senast *{due}*.",
        "update_closed": "*{reference}* är avslutad: {outcome}.",
        "update_refused": "*{reference}* är avslutad: begäran har avslagits ({reason}).",
        "imy": "Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se, och att gå "
        "till domstol.",
        "not_recorded": "Jag kunde inte registrera din begäran just nu. Oroa dig inte – jag försöker igen "
        "automatiskt; om du inte får ett ärendenummer inom kort, skicka meddelandet igen.",
        "offer_question": "Vill du göra en begäran?",
        "offer_yes": "Ja, gör en begäran",
        "offer_no": "Nej tack",
        "offer_about_right": "Vill du utöva den här rättigheten? Integritetsteamet kan hantera det som en "
        "begäran.",
        "offer_open": "Gör en begäran",
        "offer_declined": "Okej, ingen begäran registrerad.",
        "team_new": "{mention}Ny begäran *{reference}*",
        "team_company": "Företag",
        "team_rights": "Rättighet(er)",
        "team_due": "Svar senast",
        "team_source": "Källa",
        "team_status": "Status",
        "team_assignee": "Handläggare",
        "team_received": "Mottagen",
        "team_relayed": "Vidarebefordrad för en registrerad (uppgifter finns i ärendet).",
        "team_no_company": "inte angivet – behöver sorteras",
        "team_unassigned": "ingen ännu",
        "btn_assign": "Ta ärendet",
        "btn_verify": "Identitet styrkt",
        "btn_start": "Påbörja",
        "btn_extend": "Förläng…",
        "btn_pause": "Pausa tiden…",
        "btn_resume": "Starta tiden igen",
        "btn_close": "Avsluta…",
        "log_assigned": "<@{actor}> tog *{reference}*.",
        "log_verified": "<@{actor}> markerade identiteten som styrkt för *{reference}*.",
        "log_started": "<@{actor}> påbörjade *{reference}*.",
        "log_extended": "<@{actor}> förlängde *{reference}* till *{due}*. Skäl: {reason}",
        "log_paused": "<@{actor}> pausade tiden för *{reference}* ({kind}). Skäl: {reason}",
        "stats_line": "{received} mottagna, {open} öppna, {closed} avslutade, {overdue} försenade; avslutade "
        "i tid {on_time}; median {median} dagar till avslut",
        "report_header": "*Begäranden i {month}*",
        "report_chart_title": "Begäranden, {month}",
        "gaps_week_header": "*Frågor som policyerna inte kunde besvara den senaste veckan: {count}* "
        "(`python -m bot gaps` listar dem)",
        "gaps_line": "• {company} · {topic}: {count}",
        "home_stats_header": "Den här månaden ({month})",
        "home_gaps_header": "Frågor som policyerna inte kunde besvara (vanligast först)",
        "home_gaps_none": "Inga sparade.",
        "log_resumed": "<@{actor}> startade tiden för *{reference}* igen: svar senast *{due}*.",
        "log_closed": "<@{actor}> avslutade *{reference}*: {outcome}.",
        "log_refused": "<@{actor}> avslog *{reference}* ({reason}).",
        "log_not_a_request": "<@{actor}> stängde *{reference}* som ”ingen begäran”.",
        "log_imy": "Den som begärde får veta att hen kan klaga hos Integritetsskyddsmyndigheten (IMY), "
        "www.imy.se.",
        "log_status": "<@{actor}> ändrade *{reference}*: {from_status} → {to_status}.",
        "extend_title": "Förläng svarstiden",
        "extend_intro": "*{reference}* ska besvaras senast {due}. En förlängning ger högst två månader till "
        "och den registrerade ska få veta varför inom den första månaden.",
        "extend_reason": "Skäl (meddelas den registrerade)",
        "pause_title": "Pausa tiden",
        "pause_intro": "*{reference}* ska besvaras senast {due}. Under pausen räknas inga dagar: svarsdagen "
        "flyttas med pausens dagar när tiden startar igen. Om en väntan får stoppa den lagstadgade tiden är "
        "teamets bedömning.",
        "pause_kind": "Väntar på",
        "pause_kind_identity": "Identitetskontroll",
        "pause_kind_clarification": "Förtydligande",
        "pause_reason": "Skäl (meddelas den som begärde)",
        "pause_submit": "Pausa",
        "extend_submit": "Förläng",
        "close_title": "Avsluta begäran",
        "close_outcome": "Utfall",
        "close_reason": "Skäl för avslag",
        "close_note": "Anteckning (valfri)",
        "close_submit": "Avsluta",
        "close_need_reason": "Välj ett skäl för avslaget.",
        "cancel": "Avbryt",
        "request_title": "Registrera begäran",
        "request_submit": "Registrera",
        "request_company": "Företag",
        "request_rights": "Rättighet(er)",
        "request_subject_name": "Den registrerades namn",
        "request_subject_contact": "Den registrerades e-post eller telefon",
        "request_notes": "Anteckningar",
        "request_need_right": "Välj minst en rättighet.",
        "request_too_long": "Högst {limit} tecken, tack.",
        "request_logged": "Registrerade *{reference}*: {rights}{company}. Svar senast *{due}*.",
        "request_duplicate": "Meddelandet är redan registrerat som *{reference}*.",
        "request_duplicate_other": "Meddelandet är redan registrerat som en begäran av någon annan.",
        "team_only": "Tyvärr – bara integritetsteamet kan göra det. Dina egna ärenden visas med "
        "`/privacy tickets`.",
        "not_yours": "Tyvärr – bara den som gjorde begäran eller integritetsteamet kan göra det.",
        "already_closed": "*{reference}* är redan avslutad.",
        "not_found": "Jag hittar inte den begäran.",
        "cant_change": "Den ändringen går inte att göra för *{reference}* nu: {reason}",
        "extend_too_late": "den första månaden har gått, så svarstiden kan inte längre förlängas",
        "storage_down": "Jag når inte ärendedatabasen just nu. Försök igen om en stund.",
        "list_team_header": "Begäranden – {which} ({count})",
        "list_mine_header": "Dina begäranden ({count})",
        "list_empty": "Inga begäranden att visa.",
        "list_open": "öppna",
        "list_overdue": "försenade",
        "list_mine": "tilldelade dig",
        "list_usage": "Använd: `/privacy tickets [open|overdue|mine]`",
        "overdue": "försenad {days} dag(ar)",
        "due_today": "ska besvaras i dag",
        "due_soon": "ska besvaras om {days} dag(ar)",
        "due_in": "{days} dagar kvar",
        "home_team_header": "Integritetsteamets kö",
        "home_mine_header": "Dina begäranden",
        "digest_header": "Daglig sammanfattning {day}: {overdue} försenade, {soon} snart förfallna",
        "digest_none": "Daglig sammanfattning {day}: inget försenat eller snart förfallet.",
        "digest_overdue": "Försenade",
        "digest_soon": "Snart förfallna",
        "more": "… och {count} till",
    },
}


def lang(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def t(language: str | None, key: str, **values: object) -> str:
    return _TEXT[lang(language)][key].format(**values)


def mask_personal_numbers(text: str) -> str:
    """Replace Swedish personal identity numbers with a mask that keeps nothing of them."""
    return _PERSONNUMMER.sub("[personnummer]", text)


def format_date(language: str | None, day: date) -> str:
    month = _MONTHS[lang(language)][day.month - 1]
    return f"{day.day} {month} {day.year}"


def rights_text(language: str | None, ids: tuple[str, ...] | list[str]) -> str:
    names = [rights.name(lang(language), r) for r in (ids or ("unspecified",))]
    return ", ".join(names)


def status_name(language: str | None, status: str) -> str:
    return STATUS_NAMES[lang(language)].get(status, status.replace("_", " "))


def source_name(language: str | None, source: str) -> str:
    return SOURCE_NAMES[lang(language)].get(source, source.replace("_", " "))


def outcome_name(language: str | None, outcome: str) -> str:
    return OUTCOME_NAMES[lang(language)].get(outcome, outcome.replace("_", " "))


def reason_name(language: str | None, reason: str) -> str:
    return REASON_NAMES[lang(language)].get(reason, reason.replace("_", " "))


def due_marker(language: str | None, due: date, today: date, soon_days: int) -> str:
    """'overdue by 3 day(s)' / 'due today' / 'due in 2 day(s)' / '12 days left'."""
    days = (due - today).days
    if days < 0:
        return t(language, "overdue", days=-days)
    if days == 0:
        return t(language, "due_today")
    if days <= soon_days:
        return t(language, "due_soon", days=days)
    return t(language, "due_in", days=days)


def due_emoji(due: date, today: date, soon_days: int) -> str:
    days = (due - today).days
    if days < 0:
        return ":red_circle:"
    if days <= soon_days:
        return ":large_orange_circle:"
    return ":white_circle:"
