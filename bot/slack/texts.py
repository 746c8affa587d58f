"""Slack-only user-facing strings (button labels, help, notices) in Swedish and English.

The sentences shared with other front ends (lead-in, no answer, notes) live in `bot/replies.py`.
"""

from __future__ import annotations

from bot.replies import with_genitive

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "show_more": "Show more",
        "helpful": "👍 Helpful",
        "not_helpful": "👎 Not helpful",
        "ask_team": "Ask the privacy team",
        "share": "Share in channel",
        "more_lead": "More from {company}'s privacy policy:",
        "no_more": "There is nothing more to show.",
        "thanks_up": "Thanks for the feedback! Glad it helped.",
        "thanks_down": "Thanks for the feedback. You can also ask the privacy team.",
        "team_post": "{team}<@{user}> asked a question{company} that I couldn't settle:",
        "team_told": "I've passed your question to the privacy team in <#{channel}>. They'll get back to you.",
        "team_missing": "No privacy team channel is configured, so I can't pass the question on. "
        "Please contact the privacy team directly.",
        "apology": "Sorry, something went wrong while I was answering. Please try again in a moment.",
        "not_recorded": "Sorry, I couldn't record your request just now. Slack will send it to me again "
        "shortly and I'll retry, so you don't need to resend it.",
        "spooled": "I've received your request and saved it, but our ticket database is unavailable right "
        "now. I'll register it as soon as the database is back, and then send you the reference and the "
        "due date. You don't need to resend it.",
        "shared_by": "Shared by <@{user}>:",
        "shared_question": "Question: {question}",
        "company_chosen": "OK, {company}.",
        "companies_lead": "I know the privacy policies of these companies:",
        "companies_item": "• *{name}* (`{slug}`), policy in {lang}",
        "language_sv": "Swedish",
        "language_en": "English",
        "bound": "Done: questions in this channel are now about *{company}* unless they name another company.",
        "bound_fixed": "This channel is bound to *{company}* in the app's settings; only the privacy team can "
        "change that.",
        "unknown_company": "I don't know a company called “{name}”. I know: {names}.",
        "use_usage": "Usage: `/privacy use <company>`, with a name from `/privacy companies`.",
        "retention_usage": "Usage: `/privacy retention <company>`.",
        "retention_none": "I found no retention periods in {company}'s privacy policy.",
        "retention_lead": "Retention periods in {company}'s privacy policy:",
        "help": "*Integritetsbot* answers questions about companies' privacy policies by quoting them, "
        "in Swedish or English.\n"
        "• Mention me in a channel or write to me directly: _How long does <company> keep my data?_\n"
        "• `/privacy <question>`: a private answer you can share\n"
        "• `/privacy companies`: the companies I know\n"
        "• `/privacy use <company>`: bind this channel to one company\n"
        "• `/privacy retention <company>`: the policy's retention periods\n"
        "• `/privacy tickets`: your data-protection requests\n"
        "To exercise a right (access, erasure, …) just say so, and I'll open a request for the privacy team.",
        "home_title": "Integritetsbot",
        "home_intro": "I answer questions about privacy policies by quoting the policy itself, in Swedish "
        "or English. Mention me in a channel, write to me here in Messages, or use `/privacy`.",
        "home_rights": "Want to exercise a data-protection right (access, erasure, correction, …)? Just "
        "write it to me and I'll open a request for the privacy team.",
        "home_companies": "*Companies I know*",
        "bad_command": "I didn't understand that. Try `/privacy help`.",
    },
    "sv": {
        "show_more": "Visa fler",
        "helpful": "👍 Till hjälp",
        "not_helpful": "👎 Inte till hjälp",
        "ask_team": "Fråga integritetsteamet",
        "share": "Dela i kanalen",
        "more_lead": "Mer ur {company_s} integritetspolicy:",
        "no_more": "Det finns inget mer att visa.",
        "thanks_up": "Tack för återkopplingen! Kul att det hjälpte.",
        "thanks_down": "Tack för återkopplingen. Du kan också fråga integritetsteamet.",
        "team_post": "{team}<@{user}> ställde en fråga{company} som jag inte kunde besvara:",
        "team_told": "Jag har skickat din fråga till integritetsteamet i <#{channel}>. De återkommer till dig.",
        "team_missing": "Ingen kanal för integritetsteamet är inställd, så jag kan inte skicka frågan vidare. "
        "Kontakta integritetsteamet direkt.",
        "apology": "Förlåt, något gick fel när jag skulle svara. Försök igen om en liten stund.",
        "not_recorded": "Förlåt, jag kunde inte registrera din begäran just nu. Slack skickar den till mig "
        "igen om en stund och då försöker jag på nytt, så du behöver inte skicka den igen.",
        "spooled": "Jag har tagit emot din begäran och sparat den, men vår ärendedatabas är inte "
        "tillgänglig just nu. Jag registrerar den så snart databasen är tillbaka och skickar då "
        "referensnumret och sista svarsdag. Du behöver inte skicka den igen.",
        "shared_by": "Delat av <@{user}>:",
        "shared_question": "Fråga: {question}",
        "company_chosen": "Okej, {company}.",
        "companies_lead": "Jag känner till integritetspolicyerna för de här företagen:",
        "companies_item": "• *{name}* (`{slug}`), policyn är på {lang}",
        "language_sv": "svenska",
        "language_en": "engelska",
        "bound": "Klart: frågor i den här kanalen gäller nu *{company}* om de inte nämner ett annat företag.",
        "bound_fixed": "Den här kanalen är kopplad till *{company}* i appens inställningar; bara "
        "integritetsteamet kan ändra det.",
        "unknown_company": "Jag känner inte till något företag som heter ”{name}”. Jag känner till: {names}.",
        "use_usage": "Så här: `/privacy use <företag>`, med ett namn från `/privacy companies`.",
        "retention_usage": "Så här: `/privacy retention <företag>`.",
        "retention_none": "Jag hittade inga lagringstider i {company_s} integritetspolicy.",
        "retention_lead": "Lagringstider i {company_s} integritetspolicy:",
        "help": "*Integritetsbot* svarar på frågor om företags integritetspolicyer genom att citera dem, "
        "på svenska eller engelska.\n"
        "• Nämn mig i en kanal eller skriv till mig direkt: _Hur länge sparar <företaget> mina uppgifter?_\n"
        "• `/privacy <fråga>`: ett privat svar som du kan dela\n"
        "• `/privacy companies`: företagen jag känner till\n"
        "• `/privacy use <företag>`: koppla kanalen till ett företag\n"
        "• `/privacy retention <företag>`: policyns lagringstider\n"
        "• `/privacy tickets`: dina begäranden enligt dataskyddsförordningen\n"
        "Vill du utöva en rättighet (registerutdrag, radering, …)? Skriv det till mig, så öppnar jag en "
        "begäran till integritetsteamet.",
        "home_title": "Integritetsbot",
        "home_intro": "Jag svarar på frågor om integritetspolicyer genom att citera policyn, på svenska "
        "eller engelska. Nämn mig i en kanal, skriv till mig här under Meddelanden eller använd `/privacy`.",
        "home_rights": "Vill du utöva en rättighet enligt dataskyddsförordningen (registerutdrag, radering, "
        "rättelse, …)? Skriv det till mig så öppnar jag en begäran till integritetsteamet.",
        "home_companies": "*Företag jag känner till*",
        "bad_command": "Det förstod jag inte. Prova `/privacy hjälp`.",
    },
}


def st(language: str, key: str, **values: str) -> str:
    """A Slack string in `language` (sv/en; anything else falls back to English)."""
    table = _TEXT.get(language, _TEXT["en"])
    return table[key].format(**with_genitive(language, values))


def keys(language: str) -> set[str]:
    return set(_TEXT[language])
