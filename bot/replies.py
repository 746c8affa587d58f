"""Every user-facing sentence, in Swedish and English, in one place. Plain text; Slack builds blocks on top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from bot import rights

if TYPE_CHECKING:
    from bot.intent import Intent


class _HitLike(Protocol):
    section: str
    text: str
    notes: tuple[str, ...]


_TEXT = {
    "en": {
        "empty": "I didn't get a question there. Ask me about a company's privacy policy, for example "
        "“How long is customer data kept?”",
        "binary": "I couldn't read that message. Please write your question as plain text.",
        "markup_only": "I only saw formatting, links or emoji there. Please write your question in words.",
        "too_long": "That message is very long, so I only read the beginning of it.",
        "also_named": "You also named {others}: I answered for {company} only. Ask about {them} separately.",
        "which_company": "Which company's privacy policy do you mean? I know: {names}.",
        "chat_help": "I answer questions about these companies' privacy policies by quoting them, in Swedish "
        "or English: {names}.\n"
        '• Ask away: "How long does {example} keep customer data?" A follow-up without a company name is '
        "about the company you asked about last.\n"
        "• /use <company> binds the chat to one company; /use alone unbinds it.\n"
        "• Retention periods of a policy: python -m bot retention <company>.\n"
        "• If you want to exercise a data-protection right (a copy of your data, deletion, correction…), "
        "say so: in Slack I open a request for the privacy team, who must answer within a month. This "
        "terminal chat records nothing.\n"
        "• /help shows this; /quit or Ctrl-D leaves; Ctrl-C clears the line.",
        "no_answer": "{company}'s privacy policy doesn't say anything about that, as far as I can find. "
        "You can ask the privacy team.",
        "answer_lead": "Here is what {company}'s privacy policy says:",
        "swedish_policy": "(The policy is in Swedish; the clauses are quoted as written.)",
        "english_policy": "",
        "section": "Section",
        "imy": "Note: Datainspektionen is now called Integritetsskyddsmyndigheten (IMY), www.imy.se "
        "(renamed 1 January 2021).",
        "request": "This looks like a request to exercise a data-protection right: {right}{company}. "
        "The privacy team handles it as a request when it is made in Slack; nothing is stored from here.",
        "for_company": " at {company}",
    },
    "sv": {
        "empty": "Jag hittade ingen fråga där. Fråga mig om ett företags integritetspolicy, till exempel "
        "”Hur länge sparas kunduppgifter?”",
        "binary": "Jag kunde inte läsa meddelandet. Skriv gärna frågan som vanlig text.",
        "markup_only": "Jag såg bara formatering, länkar eller emojis. Skriv gärna frågan med ord.",
        "too_long": "Meddelandet är väldigt långt, så jag läste bara början.",
        "also_named": "Du nämnde också {others}: jag svarade bara för {company}. Fråga om {others} för sig.",
        "which_company": "Vilket företags integritetspolicy menar du? Jag känner till: {names}.",
        "chat_help": "Jag svarar på frågor om de här företagens integritetspolicyer genom att citera dem, på "
        "svenska eller engelska: {names}.\n"
        '• Fråga på: "Hur länge sparar {example} kunduppgifter?" En följdfråga utan företagsnamn gäller '
        "företaget du senast frågade om.\n"
        "• /use <företag> kopplar chatten till ett företag; /use utan namn tar bort kopplingen.\n"
        "• En policys lagringstider: python -m bot retention <företag>.\n"
        "• Vill du utöva en rättighet enligt dataskyddsförordningen (få ut, radera, rätta dina uppgifter…) "
        "så säg det: i Slack öppnar jag en begäran till integritetsteamet, som ska svara inom en månad. "
        "Den här terminalchatten sparar ingenting.\n"
        "• /help visar detta; /quit eller Ctrl-D avslutar; Ctrl-C rensar raden.",
        "no_answer": "Så vitt jag kan hitta säger {company_s} integritetspolicy ingenting om det. "
        "Du kan fråga integritetsteamet.",
        "answer_lead": "Det här står i {company_s} integritetspolicy:",
        "swedish_policy": "",
        "english_policy": "(Policyn är på engelska; klausulerna citeras som de är skrivna.)",
        "section": "Avsnitt",
        "imy": "Obs: Datainspektionen heter numera Integritetsskyddsmyndigheten (IMY), www.imy.se "
        "(nytt namn sedan 1 januari 2021).",
        "request": "Det här ser ut som en begäran att utöva en rättighet enligt dataskyddsförordningen: "
        "{right}{company}. Integritetsteamet hanterar den som en begäran när den görs i Slack; "
        "här sparas ingenting.",
        "for_company": " hos {company}",
    },
}


def genitive(language: str, name: str) -> str:
    """A company name as owner in Swedish: "Lumos", but "Acme Fintech Services" (a name ending in s, x
    or z takes no genitive s). Templates write ``{company_s}``."""
    if language == "sv" and name[-1:].lower() in ("s", "x", "z"):
        return name
    return name + "s" if language == "sv" else name


def with_genitive(language: str, values: dict[str, str]) -> dict[str, str]:
    if "company" in values and "company_s" not in values:
        values = {**values, "company_s": genitive(language, values["company"])}
    return values


def t(language: str, key: str, **values: str) -> str:
    table = _TEXT.get(language, _TEXT["en"])
    return table[key].format(**with_genitive(language, values))


def bad_input(language: str, problem: str) -> str:
    return t(language, problem if problem in ("empty", "binary", "markup_only", "too_long") else "empty")


def also_named(language: str, company: str, others: Sequence[str]) -> str:
    """The note under an answer to a question that named several companies: which were left out."""
    joined = (" och " if language == "sv" else " and ").join(
        [", ".join(others[:-1]), others[-1]] if len(others) > 1 else list(others)
    )
    them = (
        ("det" if len(others) == 1 else "dem") if language == "sv" else ("it" if len(others) == 1 else "them")
    )
    return t(language, "also_named", others=joined, company=company, them=them)


def which_company(language: str, names: Mapping[str, str]) -> str:
    return t(language, "which_company", names=", ".join(names.values()))


def no_answer(language: str, company: str) -> str:
    return t(language, "no_answer", company=company)


def policy_language_note(language: str, policy_language: str) -> str:
    if language == "en" and policy_language == "sv":
        return t(language, "swedish_policy")
    if language == "sv" and policy_language == "en":
        return t(language, "english_policy")
    return ""


def answer(
    language: str,
    company: str,
    policy_language: str,
    hits: Sequence[_HitLike],
    direct: str | None = None,
    shown: int = 2,
) -> str:
    lines: list[str] = []
    if direct:
        lines.append(direct)
    lines.append(t(language, "answer_lead", company=company))
    note = policy_language_note(language, policy_language)
    if note:
        lines.append(note)
    imy = False
    for hit in hits[:shown]:
        lines.append("")
        if hit.section:
            lines.append(f"{t(language, 'section')}: {hit.section}")
        lines.extend("> " + line for line in hit.text.split("\n"))
        imy = imy or "imy" in hit.notes
    if imy:
        lines.append("")
        lines.append(t(language, "imy"))
    return "\n".join(lines)


def rights_request_received(language: str, intent: Intent, company: str | None) -> str:
    suffix = t(language, "for_company", company=company) if company else ""
    return t(language, "request", right=rights.name(language, intent.right), company=suffix)
