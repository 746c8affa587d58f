"""The hand-written cues (``bot.intent.rules``): asking about a right is a question, exercising one is a
request, with the right named. Their verdicts and cues are features of the learned model, which
decides (tests/test_intent_model.py); these tests keep the cues themselves right."""

from __future__ import annotations

import pytest

from bot.intent import Intent
from bot.intent import rule_intent as classify_intent
from bot.rights import RIGHTS
from bot.text.language import detect_language
from bot.text.normalise import normalise


def _intent(text: str) -> Intent:
    """The cues' verdict as the pipeline computes it: normalise, detect the language, apply the rules."""
    clean = normalise(text).text
    return classify_intent(clean, detect_language(clean))


REQUESTS = [
    ("delete my account and all my data", "erasure"),
    ("Please erase everything you have stored about me.", "erasure"),
    ("I want my account removed along with all my personal information", "erasure"),
    ("Radera mitt konto tack", "erasure"),
    ("Jag vill att ni tar bort alla mina personuppgifter", "erasure"),
    ("hej! kan ni deleta mitt konto och allt som hör till det?", "erasure"),
    ("Remove me from your database immediately", "erasure"),
    ("can you delete my data?", "erasure"),
    ("kan ni radera mina uppgifter?", "erasure"),
    ("forget me", "erasure"),
    ("I'm requesting a copy of the personal data you process about me under article 15", "access"),
    ("Skicka mig en kopia av alla uppgifter ni har om mig", "access"),
    ("Jag begär härmed ett registerutdrag", "access"),
    ("what data do you hold on me?", "access"),
    ("vilka uppgifter har ni om mig?", "access"),
    ("My phone number is outdated, please change it to 070-555 12 34", "rectification"),
    ("Ändra min adress till Kungsgatan 3, 111 22 Stockholm", "rectification"),
    ("my surname is misspelt in my profile. fix it please", "rectification"),
    ("Stop sending me promotional emails", "opt_out_marketing"),
    ("Avregistrera mig från alla era utskick", "opt_out_marketing"),
    ("unsubscribe me from the newsletter", "opt_out_marketing"),
    ("unsubscribe", "opt_out_marketing"),
    ("jag vill inte ha fler nyhetsbrev", "opt_out_marketing"),
    ("jag återkallar mitt samtycke", "withdraw_consent"),
    ("I no longer consent to you processing my data for analytics", "withdraw_consent"),
    ("I hereby withdraw my consent.", "withdraw_consent"),
    ("Jag tar tillbaka mitt samtycke till marknadsföring", "withdraw_consent"),
    ("I object to you processing my personal data based on legitimate interest", "objection"),
    ("Jag motsätter mig att ni behandlar mina uppgifter för profilering", "objection"),
    ("never contact me again and stop using my details", "objection"),
    ("Please restrict the processing of my data while you investigate my complaint", "restriction"),
    ("Spärra mina uppgifter tills ni har utrett saken", "restriction"),
    ("stop using my data until you have checked it", "restriction"),
    ("Please export my data in CSV so I can take it to a competitor", "portability"),
    ("Jag vill flytta mina uppgifter till en annan leverantör", "portability"),
    ("I'm switching provider, send me all my data", "portability"),
    ("I want a person, not an algorithm, to review the decision on my application", "automated_decision"),
    ("Jag vill att en människa granskar beslutet om min kredit", "automated_decision"),
    ("I'd like to exercise my GDPR rights", "unspecified"),
    ("Please don't share my data with third parties", "objection"),
    ("Ta bort mina bilder från hemsidan", "erasure"),
    ("Please delete my old email address from the mailing list", "opt_out_marketing"),
    ("Vill ha ut allt ni sparat om mig", "access"),
    ("I'm opting out of all marketing.", "opt_out_marketing"),
    ("Don't send me newsletters.", "opt_out_marketing"),
    ("I do not want to receive marketing emails any more.", "opt_out_marketing"),
    ("Jag vill inte längre att ni ringer mig med erbjudanden.", "opt_out_marketing"),
    ("Caller asked to be removed from all our mailing lists.", "opt_out_marketing"),
    ("I don't want my data to be sold.", "objection"),
    ("User objects to being profiled, can you log it?", "objection"),
    ("I no longer agree to you using my data for research.", "withdraw_consent"),
    ("A member phoned, she no longer consents to us using her photo.", "withdraw_consent"),
    ("Please review my application manually, the algorithm rejected it.", "automated_decision"),
    ("Jag vill utöva min rätt att bli bortglömd.", "erasure"),
    ("can u pls delete my acc", "erasure"),
    ("Jag vill requesta all min data enligt GDPR", "access"),
    ("I'm asking for all the information your company holds about me.", "access"),
    ("I request erasure of my personal data.", "erasure"),
    ("can you correct my date of birth in your records?", "rectification"),
    ("Can you send my data to my new bank?", "portability"),
]


@pytest.mark.parametrize(("text", "right"), REQUESTS)
def test_exercising_a_right_is_a_rights_request_for_that_right(text: str, right: str) -> None:
    intent = _intent(text)
    assert (intent.kind, intent.right) == ("rights_request", right), intent.matched
    assert intent.rights[0] == right
    assert not intent.ambiguous


QUESTIONS_ABOUT_RIGHTS = [
    ("how do I get my data deleted?", "erasure"),
    ("can I get my data deleted?", "erasure"),
    ("kostar det nåt att begära ut sina uppgifter?", "access"),
    ("what happens if I ask them to erase my data", "erasure"),
    ("Can customers delete their account themselves?", "erasure"),
    ("Hur gör man för att radera sitt konto?", "erasure"),
    ("Is it possible to get a copy of my data, and what does it cost?", "access"),
    ("Kan man återkalla sitt samtycke?", "withdraw_consent"),
    ("How do I unsubscribe from the newsletter?", "opt_out_marketing"),
    ("Could you explain what data portability means?", "portability"),
    ("Can you tell me how to get my data deleted?", "erasure"),
    ("If a customer asks us to delete their data, what do we do with their invoices?", "erasure"),
    ("is it possible to withdraw consent?", "withdraw_consent"),
    ("hur begär jag registerutdrag?", "access"),
    ("can a customer ask to have their data removed?", "erasure"),
    ("om en kund vill ha sina uppgifter rättade, hur lång tid har vi på oss?", "rectification"),
    ("In case I withdraw consent, do I lose access to the service?", "withdraw_consent"),
    ("Behöver jag logga in för att exportera mina uppgifter?", "access"),
    ("A customer asked whether we can delete her data.", "erasure"),
    ("Can you confirm that you delete my data after two years?", "erasure"),
    ("Kan ni bekräfta att ni raderar mina uppgifter efter två år?", "erasure"),
]


@pytest.mark.parametrize(("text", "right"), QUESTIONS_ABOUT_RIGHTS)
def test_asking_about_a_right_is_a_question_about_that_right(text: str, right: str) -> None:
    intent = _intent(text)
    assert intent.kind == "question", intent.matched
    assert intent.right is None and intent.rights == ()
    assert intent.about_right == right


PLAIN_QUESTIONS = [
    "How long do you keep customer invoices?",
    "Hur länge sparar ni fakturor?",
    "Does Xledger share data with third parties?",
    "Vilka cookies använder LeadPilot?",
    "What rights do I have under GDPR?",
    "Var lagras mina uppgifter?",
    "Do you use my data for profiling?",
    "Säljer ni mina uppgifter?",
    "how do you protect my personal data?",
    "Which data do you collect when I visit the website?",
    "I want to understand how you use cookies",
    "Kan ni förklara hur ni hanterar mina personuppgifter?",
    "Please tell me which companies you share my data with",
    "What's the retention period for my account data after I close my account?",
    "Do I have to give you my personal number?",
    "the leading cause of data breaches?",
]


@pytest.mark.parametrize("text", PLAIN_QUESTIONS)
def test_plain_questions_are_never_requests(text: str) -> None:
    intent = _intent(text)
    assert intent.kind == "question"
    assert not intent.ambiguous


@pytest.mark.parametrize(
    "text",
    [
        "Please delete this message, I posted in the wrong channel",
        "can you delete the thread above?",
        "ta bort meddelandet ovan tack",
        "remove me from this channel pls",
        "unsubscribe from this channel",
        "ändra mitt lösenord",
    ],
)
def test_slack_objects_and_passwords_are_not_data_subject_requests(text: str) -> None:
    intent = _intent(text)
    assert intent.kind == "question"
    assert intent.about_right is None


@pytest.mark.parametrize(
    "text",
    [
        "don't delete my data",
        "Don't delete my account, I only want to know what you store",
        "Jag vill inte att ni raderar något, bara veta vad ni sparar",
        "Sluta inte skicka nyhetsbrevet, jag gillar det",
        "Don't you share my data with Google?",
    ],
)
def test_negated_requests_are_not_requests(text: str) -> None:
    assert _intent(text).kind == "question"


@pytest.mark.parametrize(
    "text",
    [
        'what does "delete my data" mean in your policy?',
        "what does `delete my data` do?",
        "is “radera mina uppgifter” enough wording?",
    ],
)
def test_quoted_or_code_text_is_not_a_request(text: str) -> None:
    assert _intent(text).kind == "question"


def test_a_quoted_request_with_only_a_request_cue_is_ambiguous() -> None:
    intent = _intent('can you handle this: "please delete all my data"')
    assert intent.kind == "question"
    assert intent.ambiguous


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ('customer wrote: "please delete all my data". can you handle this?', "erasure"),
        (
            "Fwd from a customer:\n> Hi, I moved last month. Please change my address to Ågatan 2, Lund.",
            "rectification",
        ),
        ('Vidarebefordrar från kund: "Skicka mig ett registerutdrag."', "access"),
    ],
)
def test_a_customers_request_forwarded_by_an_agent_is_a_relayed_request(text: str, right: str) -> None:
    intent = _intent(text)
    assert (intent.kind, intent.right, intent.relayed) == ("rights_request", right, True), intent.matched


def test_a_forwarded_question_stays_a_question() -> None:
    intent = _intent('Fwd from customer: "how do I get my account deleted?"')
    assert intent.kind == "question"
    assert not intent.ambiguous


@pytest.mark.parametrize(
    "text",
    [
        "I want to delete my account, how do I do that?",
        "I want to delete my account but keep my invoices, is that possible?",
        "I would like to know what information you have about me.",
        "You have my birthday wrong.",
        "kan jag få ett registerutdrag skickat till mig?",
        "My address is wrong",
        "close my account",
    ],
)
def test_unclear_requests_are_ambiguous_questions(text: str) -> None:
    intent = _intent(text)
    assert intent.kind == "question"
    assert intent.ambiguous
    assert intent.about_right is not None


def test_compound_request_keeps_both_rights_in_order() -> None:
    intent = _intent("send my data, then delete it")
    assert intent.rights == ("access", "erasure")
    assert intent.right == "access"
    swedish = _intent("Skicka alla mina uppgifter till mig och radera dem sedan")
    assert swedish.rights == ("access", "erasure")


def test_relayed_request_is_flagged_and_carries_the_subjects_details() -> None:
    intent = _intent(
        "A customer just phoned: Maria Berg wants us to delete her account and all her data. "
        "maria.berg@example.com, +46 70 123 45 67"
    )
    assert (intent.kind, intent.right, intent.relayed) == ("rights_request", "erasure", True)
    assert intent.subject_name == "Maria Berg"
    assert intent.subject_email == "maria.berg@example.com"
    assert intent.subject_phone == "+46 70 123 45 67"


def test_relayed_swedish_request() -> None:
    intent = _intent(
        "Kunden Olle Ek ringde och vill ha ut alla uppgifter vi har om honom. olle.ek@exempel.se"
    )
    assert (intent.kind, intent.right, intent.relayed) == ("rights_request", "access", True)
    assert intent.subject_name == "Olle Ek"
    assert intent.subject_email == "olle.ek@exempel.se"


def test_a_customer_asking_something_is_not_a_relayed_request() -> None:
    intent = _intent("a customer asked how long we keep her invoices")
    assert intent.kind == "question"


def test_own_request_is_not_relayed() -> None:
    intent = _intent("please delete my account")
    assert not intent.relayed
    assert intent.subject_name is None


def test_article_number_names_the_right() -> None:
    assert _intent("I am invoking article 17 for my account, delete it").right == "erasure"


def test_every_right_named_is_a_known_right() -> None:
    for text, _ in REQUESTS + QUESTIONS_ABOUT_RIGHTS:
        intent = _intent(text)
        assert set(intent.rights) <= set(RIGHTS)
        assert intent.about_right in (None, *RIGHTS)


def test_empty_text_is_a_plain_question() -> None:
    assert classify_intent("", "en").kind == "question"


def test_a_message_naming_an_existing_ticket_is_not_a_new_request() -> None:
    for text in ("close DSAR-2026-0001", "what is the status of dsar-2026-0042?", "stäng DSAR-2026-0007"):
        assert classify_intent(text, "en").kind == "question", text
    assert classify_intent("I want to make a DSAR: send me my data", "en").kind == "rights_request"


def test_questions_about_what_the_company_will_allow_or_does_are_not_requests() -> None:
    questions = (
        "Would you let me download the data you keep?",
        "Do you allow me to change my details online?",
        "Will you erase my profile once I cancel my subscription?",
        "Which details do you gather about me when I browse?",
        "Vilka uppgifter samlar ni in om mig när jag handlar?",
        "Do I get any choice about marketing e-mails?",
    )
    for text in questions:
        assert classify_intent(text, "en").kind == "question", text
    assert classify_intent("Will you erase my profile, please?", "en").kind == "rights_request"


@pytest.mark.parametrize(
    ("text", "right"),
    [
        # complaints that imply a request
        ("Why do you keep sending me offers? Stop it!", "opt_out_marketing"),
        ("Varför ringer ni mig hela tiden? Sluta!", "opt_out_marketing"),
        ("Don't call me again, that is the fourth sales call this week", "opt_out_marketing"),
        ("Never contact me again.", "objection"),
        # terse agent notes
        ("cust. wants all personal data erased (leep)", "erasure"),
        ("cust called re: wants acct deleted", "erasure"),
        ("customer wants her data moved to a new provider", "portability"),
        # needs and polite indirect forms
        ("I need a copy of all the data you hold about me.", "access"),
        ("Jag behöver få ut alla mina uppgifter innan jag byter bank.", "portability"),
        ("I was wondering if you could erase my profile", "erasure"),
        ("requesta ett registerutdrag åt mig tack", "access"),
        # a "how"/"whether" after the right's words belongs to a subordinate clause
        ("I withdraw my consent to you tracking how I use the site.", "withdraw_consent"),
        ("Please limit the processing of my data while you check whether my complaint holds.", "restriction"),
        ("Don't use my details for anything until the dispute is settled.", "restriction"),
        ("Jag vill att ni raderar mitt konto, oavsett hur lång tid det tar.", "erasure"),
        # Swedish subordinate word order; Swenglish
        (
            "Kunden mejlade att hon inte längre samtycker till att vi lagrar hennes bilder.",
            "withdraw_consent",
        ),
        ("GDPR:a bort mig från ert system tack", "erasure"),
        ("Ta bort mig ur ert kundregister", "erasure"),
    ],
)
def test_requests_in_everyday_styles(text: str, right: str) -> None:
    intent = _intent(text)
    assert (intent.kind, intent.right) == ("rights_request", right), intent.matched


def test_the_senders_own_habits_are_no_second_right() -> None:
    intent = _intent("Could you erase my account? I don't use it anymore.")
    assert intent.rights == ("erasure",)


@pytest.mark.parametrize(
    "text",
    [
        "Stop it, the bot is posting in this channel again",
        "Please stop, we're misreading the policy",
        "Behöver kunden skicka in sin begäran om radering skriftligt?",
        "Vill en kund få sina uppgifter rättade, vem hanterar det?",
        "Say a customer wants a person to review an automated decision, is that allowed?",
        "Do I need to get a copy of my data before you delete it?",
        "I was wondering if you could tell me how long you keep my data",
        "I need a copy of the data processing agreement",
        "Please delete the customer's duplicate ticket in Zendesk",
    ],
)
def test_hypotheticals_inverted_questions_and_chatter_are_not_requests(text: str) -> None:
    assert _intent(text).kind == "question"


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("unsub me", "opt_out_marketing"),
        ("registerutdrag tack", "access"),
        ("gdpr utdrag, tack!", "access"),
        ("quit contacting me about your webinars", "opt_out_marketing"),
        ("Jag invänder mot behandlingen av min data", "objection"),
        ("Kunden hörde av sig och invänder mot att vi behandlar hennes uppgifter", "objection"),
        ("The caller wants to know what we keep about her, so please email her all her data", "access"),
    ],
)
def test_slang_courtesy_at_the_end_and_a_later_order_make_requests(text: str, right: str) -> None:
    intent = _intent(text)
    assert (intent.kind, intent.right) == ("rights_request", right), intent.matched


def test_an_earlier_attempt_explains_the_message_and_the_request_comes_first() -> None:
    intent = _intent("I tried to opt out last month, it failed. Delete my account and all my data.")
    assert intent.kind == "rights_request"
    assert intent.right == "erasure"


@pytest.mark.parametrize(
    "text",
    [
        "how do I unsub?",
        "registerutdrag, hur lång tid tar det? tack",
        "explain how withdrawing consent works, thanks",
        "what is a registerutdrag? thanks",
    ],
)
def test_courtesies_and_slang_do_not_turn_questions_into_requests(text: str) -> None:
    assert _intent(text).kind == "question"


@pytest.mark.parametrize(
    "text",
    [
        "Could you send me my coworker's personal data? She is away this week.",
        "Kan ni radera min kollegas konto? Han har slutat.",
        "I want my wife's phone number removed from your system.",
        "Send me my flatmate's data and then delete it.",
    ],
)
def test_another_adults_data_is_asked_about_not_ticketed(text: str) -> None:
    intent = _intent(text)
    assert intent.kind == "question"
    assert intent.ambiguous, intent.matched


@pytest.mark.parametrize(
    "text",
    ["Please erase my daughter's profile, she is nine.", "Jag vill att ni raderar min sons konto."],
)
def test_a_parent_asking_for_a_childs_data_opens_a_request(text: str) -> None:
    assert (_intent(text).kind, _intent(text).right) == ("rights_request", "erasure")


def test_a_relayed_mail_is_not_itself_a_request_to_send_data() -> None:
    intent = _intent("Kunden mailade och ber oss rätta hans telefonnummer.")
    assert (intent.kind, intent.right) == ("rights_request", "rectification")


def test_the_object_of_a_short_order_may_follow_in_the_next_sentence() -> None:
    assert _intent("Radera det. Allt ni sparar om mig.").right == "erasure"
    assert _intent("Remove it. The thread, I mean.").kind == "question"


def test_a_ticket_is_for_the_rights_asked_for_or_the_right_a_question_was_about() -> None:
    assert Intent(kind="rights_request", right="erasure", rights=("erasure", "access")).ticket_rights() == (
        "erasure",
        "access",
    )
    assert Intent(about_right="portability").ticket_rights() == ("portability",)
    assert Intent().ticket_rights() == ("unspecified",)


def test_a_ticket_keeps_the_subjects_details_only_for_a_relayed_request() -> None:
    own = Intent(kind="rights_request", right="erasure", subject_email="anna@example.com")
    relayed = Intent(kind="rights_request", right="erasure", relayed=True, subject_email="anna@example.com")
    assert own.subject()["subject_email"] is None
    assert relayed.subject() == {
        "subject_name": None,
        "subject_email": "anna@example.com",
        "subject_phone": None,
    }
