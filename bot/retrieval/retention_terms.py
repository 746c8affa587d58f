"""The vocabulary of retention statements, Swedish and English alike: categories of data, what starts
the clock, the kinds of rule without a fixed period, and their labels in both languages.

Every pattern is compiled once at import. Categories are listed most specific first: the first that
matches a piece of text names it. Patterns are general phrasings, not sentences from any one policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.retrieval.gated_regex import Pattern

_FLAGS = re.NOFLAG  # lower-case patterns on lower-cased text (IGNORECASE is several times slower)


def _re(pattern: str) -> Pattern:
    return Pattern(pattern)


# --------------------------------------------------------------------------- categories

COOKIE_RE = _re(r"cookie|\bkakor(?:na)?\b|\bkakan?\b")


@dataclass(frozen=True)
class Category:
    """A kind of data or relationship a retention rule covers."""

    key: str
    sv: str
    en: str
    pattern: Pattern
    strong: bool = True  # weak categories (users, visitors) give way to a strong one from the section
    cookie: bool = False  # a cookie of a named kind: matches text naming a cookie and the qualifier
    party: bool = False  # a party to a relationship: "Kund- och leverantörsdata" names two

    def label(self, language: str) -> str:
        return self.sv if language == "sv" else self.en

    def matches(self, text: str) -> bool:
        if self.cookie:
            return COOKIE_RE.contains(text) and self.pattern.contains(text)
        return self.pattern.contains(text)


def _cookie(key: str, sv: str, en: str, qualifier: str) -> Category:
    return Category(key, sv, en, _re(qualifier), cookie=True)


CATEGORIES: tuple[Category, ...] = (
    _cookie(
        "session_cookies",
        "sessionscookies",
        "session cookies",
        r"\btillfällig\w*|\bsessions?\b|sessions?-?(?:cookie|kak)|\btemporary\b|\bsession-only\b",
    ),
    _cookie(
        "remember_me_cookies",
        "cookies för ”Kom ihåg mig”",
        "“remember me” cookies",
        r"kom ihåg mig|remember me|håll mig inloggad|keep me (?:signed|logged) in|stay (?:signed|logged) in",
    ),
    _cookie(
        "login_cookies",
        "inloggningscookies",
        "login cookies",
        r"inloggning\w*|inloggad\w*|logga[rs]? in|\blog(?:ged|s)? ?in\b|\blogin\b|sign(?:ed|ing)?[- ]in"
        r"|authenticat\w*|autentiser\w*",
    ),
    _cookie(
        "layout_cookies",
        "cookies för layoutval",
        "layout cookies",
        r"layout\w*|display (?:settings|preferences)|skärminställning\w*",
    ),
    _cookie("comment_cookies", "kommentarscookies", "comment cookies", r"kommentar\w*|\bcomment\w*"),
    _cookie(
        "article_cookies",
        "cookies för artikelredigering",
        "article-editing cookies",
        r"\bartik(?:el|lar)\w*|inläggs?-?id|redigera\w*|\barticles?\b|post you (?:just )?edit\w*|\bediting\b",
    ),
    _cookie(
        "analytics_cookies",
        "analyscookies (t.ex. Google Analytics)",
        "analytics cookies (e.g. Google Analytics)",
        r"google analytics|\banalys\w*|\banalytic\w*|statisti\w*|\b_ga\b",
    ),
    _cookie(
        "marketing_cookies",
        "marknadsföringscookies",
        "marketing cookies",
        r"marknadsför\w*|reklam\w*|annons\w*|\bmarketing\b|advertis\w*|\btargeting\b|retargeting",
    ),
    Category("cookies", "cookies", "cookies", COOKIE_RE),
    Category(
        "grading_material",
        "underlag för betygssättning",
        "grading material",
        _re(
            r"betygsunderlag\w*|underlag (?:för|till) betyg\w*|bedömningsunderlag\w*|grading (?:material|records|documentation)"
            r"|(?:material|documentation|records) (?:for|used for|underlying) (?:the )?grad\w*|exam (?:papers|scripts|answers)"
        ),
    ),
    Category(
        "interest_registrations",
        "intresseanmälningar",
        "interest registrations",
        _re(
            r"intresseanmäl\w*|anmält (?:\w+ )?intresse|anmäl\w* (?:ditt |sitt |ert )?intresse"
            r"|intresse för (?:våra|vår|vårt) \w+|(?:registration|expression)s? of interest"
            r"|regist\w* (?:your |their )?interest|expressed (?:an )?interest|interest (?:registration|form)s?"
        ),
    ),
    Category(
        "applicants",
        "arbetssökande",
        "job applicants",
        _re(
            r"(?:jobb|arbets|anställnings)sökande|(?:jobb|arbets|anställnings)ansök\w*|ansökningshandling\w*"
            r"|rekryter\w*|\bcv\b|meritförteckning\w*|\bapplicants?\b|job applications?|\bcandidates?\b|recruit\w*"
        ),
        party=True,
    ),
    Category(
        "students",
        "elever",
        "students",
        _re(
            r"elev(?:er|en|erna|ens|ers)?\b|\bstudent(?:s|er|en|erna)?\b|kursdeltagar\w*"
            r"|gått (?:en|ett|vår|våra) (?:utbildning|kurs)\w*|\bpupils?\b|course participants?"
            r"|attended (?:a|our|the) (?:course|programme|program|training)"
        ),
        party=True,
    ),
    Category("comments", "kommentarer", "comments", _re(r"kommentar\w*|\bcomments?\b")),
    Category(
        "analytics",
        "analysdata (t.ex. Google Analytics)",
        "analytics data (e.g. Google Analytics)",
        _re(r"google analytics|webbanalys\w*|analysdata|besöksstatistik\w*|\banalytics\b|web statistics"),
    ),
    Category(
        "camera_footage",
        "kamerabilder",
        "camera footage",
        _re(r"kameraövervak\w*|övervakningskamera\w*|\bcctv\b|video surveillance|camera footage|\bfootage\b"),
    ),
    Category(
        "logs",
        "loggar",
        "logs",
        _re(
            r"loggfil\w*|loggdata|serverlogg\w*|\bloggar(?:na)?\b(?! (?:in|ut)\b)|\blogs\b|log (?:files?|data)|access logs?"
        ),
    ),
    Category(
        "accounting",
        "fakturor och bokföring",
        "invoices and accounting records",
        _re(
            r"faktur\w*|bokför\w*|räkenskap\w*|\bkvitt(?:o|on|ot)\b|verifikation\w*|invoic\w*|\baccounting\b"
            r"|bookkeeping|\breceipts?\b|financial records|tax records"
        ),
    ),
    Category(
        "disputes",
        "tvister och olösta ärenden",
        "disputes and open issues",
        _re(
            r"\btvist\w*|olöst\w* (?:problem|ärende)\w*|utestående betalning\w*|\banspråk\b|\bdisputes?\b"
            r"|legal claims?|outstanding (?:payments|claims|issues)|unresolved"
        ),
    ),
    Category(
        "marketing",
        "marknadsföring",
        "marketing",
        _re(
            r"marknadsför\w*|marknadsmaterial|reklam\w*|nyhetsbrev\w*|\bmarketing\b|newsletter\w*|\badvertis\w*"
            r"|promotional|\bcampaigns?\b"
        ),
    ),
    Category(
        "prospects",
        "prospekt och leads",
        "prospects and leads",
        _re(
            r"prospekt\w*|\bleads?\b|potentiella kunder|\bkontakter(?:na)?\b|\bprospects?\b|sales contacts?"
            r"|potential customers"
        ),
    ),
    Category(
        "correspondence",
        "e-post och korrespondens",
        "e-mail and correspondence",
        _re(
            r"korrespondens\w*|e-postkonversation\w*|epostkonversation\w*|har kontakt med|kontakta[tr]? oss|\bkontakten\b"
            r"|kundtjänstärend\w*|supportärend\w*|(?:via|per) e-?post|förfrågning\w*|\bcorrespondence\b"
            r"|(?:contacted|contact|contacts|e-mailed|emailed) us|(?:e-mail|email) (?:correspondence|conversations)"
            r"|support (?:tickets|requests|cases)|\benquir\w*|\binquir\w*"
        ),
    ),
    Category(
        "consent_data",
        "uppgifter som behandlas med samtycke",
        "data processed with consent",
        _re(
            r"(?:med stöd av|baserat på|grundat? på|grundas på|med) (?:ditt |ert )?samtycke"
            r"|(?:based on|on the basis of|with) (?:your )?consent"
        ),
    ),
    Category(
        "customers",
        "kunder",
        "customers",
        _re(r"(?<!se)kund\w*|\bclients?\b|\bcustomers?\b"),
        party=True,
    ),
    Category(
        "suppliers",
        "leverantörer",
        "suppliers",
        _re(r"leverantör\w*|\bsuppliers?\b|\bvendors?\b"),
        party=True,
    ),
    Category(
        "employees",
        "anställda",
        "employees",
        _re(r"\banställda\b|medarbetar\w*|\bpersonalen\b|\bemployees?\b|\bstaff\b"),
        party=True,
    ),
    Category(
        "orders",
        "köp och avtal",
        "purchases and contracts",
        _re(r"\bköp(?:et|en)?\b|beställning\w*|\bavtalet\b|\borders?\b|\bpurchases?\b|\bcontract\b"),
    ),
    Category(
        "users",
        "användare och konton",
        "users and accounts",
        _re(r"användar\w*|\bkonto(?:t|n|na)?\b|\baccounts?\b|\busers?\b|\bmembers?\b|\bmedlem\w*"),
        strong=False,
    ),
    Category(
        "visitors",
        "besökare",
        "website visitors",
        _re(r"besökare\w*|\bvisitors?\b"),
        strong=False,
    ),
)

PERSONAL_DATA = Category(
    "personal_data", "personuppgifter i allmänhet", "personal data in general", _re(r"$^")
)
CATEGORY_BY_KEY: dict[str, Category] = {c.key: c for c in (*CATEGORIES, PERSONAL_DATA)}

# a question about one of these is also answered by a rule about the other
RELATED: dict[str, frozenset[str]] = {
    "marketing": frozenset({"prospects", "interest_registrations"}),
    "prospects": frozenset({"marketing", "interest_registrations"}),
    "interest_registrations": frozenset({"marketing", "prospects"}),
    "analytics": frozenset({"analytics_cookies"}),
    "analytics_cookies": frozenset({"analytics"}),
    "comments": frozenset({"comment_cookies"}),
    "orders": frozenset({"customers"}),
    "customers": frozenset({"orders"}),
}


def category(key: str) -> Category:
    return CATEGORY_BY_KEY[key]


def find_categories(text: str, strong_only: bool = False) -> list[Category]:
    """Every category named in ``text``, most specific first."""
    text = text.lower()
    return [c for c in CATEGORIES if (c.strong or not strong_only) and c.matches(text)]


def cookie_qualifier(text: str) -> Category | None:
    """A named kind of cookie that ``text`` speaks of without naming the cookie ("Den gäller…")."""
    text = text.lower()
    for c in CATEGORIES:
        if c.cookie and c.pattern.search(text):
            return c
    return None


# --------------------------------------------------------------------------- triggers


@dataclass(frozen=True)
class Trigger:
    """What starts (or ends) the clock."""

    key: str
    pattern: Pattern
    sv: str  # "efter …": follows a period
    en: str
    until_sv: str = ""  # a whole sentence for a rule that lasts until the event, without a period
    until_en: str = ""

    @property
    def is_event(self) -> bool:
        return bool(self.until_en)

    def label(self, language: str) -> str:
        return self.sv if language == "sv" else self.en

    def until(self, language: str) -> str:
        return self.until_sv if language == "sv" else self.until_en


_REL_NOUN = (
    r"(?:kund|affärs|avtals)?(?:relation|förhållande|avtal|engagemang|medlemskap|anställning|samarbete)\w*"
)
_REL_DONE = (
    r"(?:upphört|upphörde|upphör|avslutats|avslutades|avslutad|avslutat|avslutas|löpt ut|sagts upp|tar slut)"
)
_EN_REL = (
    r"(?:customer |business |client )?(?:relationship|contract|agreement|membership|engagement|subscription)"
)

TRIGGERS: tuple[Trigger, ...] = (
    Trigger(
        "relationship_end",
        _re(
            rf"efter (?:avslutad|avslutat|upphörd|upphört|avslutade) {_REL_NOUN}"
            rf"|efter att (?:\w+ ){{0,2}}{_REL_NOUN} (?:har |är |hade )?{_REL_DONE}"
            rf"|efter (?:att )?(?:du|ni) (?:har )?(?:slutat vara|upphört att vara) (?:kund|medlem|leverantör)"
            rf"|efter {_REL_NOUN}s? (?:slut|upphörande|avslutande)"
            rf"|after (?:the )?(?:end|termination|expiry|expiration) of (?:the|our|your) {_EN_REL}"
            rf"|after (?:the|our|your) {_EN_REL} (?:has )?(?:ended|ends|terminates|is terminated|expires)"
            rf"|after you (?:stop being|cease to be|are no longer) a (?:customer|client|member|supplier)"
        ),
        "efter att relationen har upphört",
        "after the relationship ends",
    ),
    Trigger(
        "account_closed",
        _re(
            r"efter (?:att )?(?:du|ni) (?:har )?(?:avslutat|raderat|stängt) (?:ditt |ert )?konto"
            r"|efter (?:att )?kontot (?:har )?(?:avslutats|raderats|stängts)|efter avslutat konto"
            r"|after (?:you )?(?:close|closing|delete|deleting|deletion of|closure of) (?:your |the )?account"
            r"|after (?:your |the )?account (?:is|has been) (?:closed|deleted)|after account closure"
        ),
        "efter att kontot har avslutats",
        "after the account is closed",
        "Tills kontot avslutas.",
        "Until the account is closed.",
    ),
    Trigger(
        "last_activity",
        _re(
            r"(?:efter|från) (?:din |er |den |kundens )?senaste (?:aktivitet|kontakt|inloggning|interaktion|köp|besök)\w*"
            r"|(?:inte|ej) (?:har )?(?:visat (?:\w+ )?intresse|varit aktiv|återbesökt|loggat in|besökt)"
            r"|inaktivit\w*|efter (?:en )?period av inaktivitet"
            r"|(?:after|from|since) (?:your |the )?(?:last|latest|most recent) (?:activity|contact|login|log-in|interaction|purchase|visit)"
            r"|(?:of|after) inactivity|not (?:shown (?:any )?interest|been active|logged in|visited|engaged)"
        ),
        "efter senaste aktivitet",
        "after the last activity",
    ),
    Trigger(
        "grade",
        _re(
            r"efter (?:satt|givet|att) betyg\w*(?: (?:har )?satts)?|efter betygssättning\w*"
            r"|after (?:the )?(?:final )?(?:grade|grading|mark)\b(?: (?:is|was|has been) (?:set|given|awarded))?"
        ),
        "efter satt betyg",
        "after the grade is set",
    ),
    Trigger(
        "education_end",
        _re(
            r"efter att (?:utbildningen|kursen|studierna|programmet|praktiken) (?:har |är )?(?:avslutades|avslutats|avslutad|upphörde|slutade)"
            r"|efter avslutad (?:utbildning|kurs|praktik)|efter (?:utbildningens|kursens) slut"
            r"|after (?:the |your )?(?:course|education|studies|programme|program|training) (?:ends|ended|has ended|is completed|was completed|finished)"
            r"|after (?:completing|completion of|the end of|finishing) (?:the |your )?(?:course|education|studies|programme|program|training)"
        ),
        "efter att utbildningen har avslutats",
        "after the education ends",
    ),
    Trigger(
        "recruitment_end",
        _re(
            r"efter (?:avslutad|att) rekrytering\w*(?: (?:har |är )?(?:avslutats|avslutad))?"
            r"|after (?:the )?(?:recruitment|hiring)(?: process)? (?:is |has been )?(?:completed|closed|ended|ends|concluded)"
            r"|after (?:the end of )?(?:the )?(?:recruitment|hiring) (?:process)?"
        ),
        "efter avslutad rekrytering",
        "after the recruitment ends",
    ),
    Trigger(
        "collection",
        _re(
            r"(?:efter|från) (?:insamling(?:en|stillfället)?|att (?:uppgifterna|de|den) samlades in|att (?:uppgifterna|de) (?:har )?samlats in)"
            r"|after (?:collection|they were collected|being collected|the data (?:is|was|were) collected)"
            r"|from (?:the (?:date|time) of )?(?:collection|when (?:it|they|the data) (?:was|were) collected)"
        ),
        "efter insamlingen",
        "after collection",
    ),
    Trigger(
        "email_reply",
        _re(
            r"efter (?:ett |ditt |ert )?(?:e-?post|mejl|mail)-?svar|efter att (?:du|ni) (?:har )?svarat på (?:ett |vårt )?(?:e-?post|mejl|mail)"
            r"|after (?:an? |your )?e-?mail reply|after (?:you )?repl(?:y|ied) to (?:an? |our )?e-?mail"
        ),
        "efter ett e-postsvar",
        "after an e-mail reply",
        "Raderas efter ett e-postsvar.",
        "Deleted after an e-mail reply.",
    ),
    Trigger(
        "visit",
        _re(r"(?:efter|från) (?:ditt |ert )?besök(?:et)?\b|(?:after|from) (?:your |the )?visit\b"),
        "efter besöket",
        "after the visit",
    ),
    Trigger(
        "purchase",
        _re(
            r"efter (?:köpet|ditt köp|beställningen|din beställning)|after (?:the |your )?(?:purchase|order)\b"
        ),
        "efter köpet",
        "after the purchase",
    ),
    Trigger(
        "financial_year_end",
        _re(
            r"efter (?:utgången av |slutet av )?(?:det )?(?:kalenderår|räkenskapsår)\w*"
            r"|after the end of the (?:calendar|financial|fiscal) year"
        ),
        "efter räkenskapsårets slut",
        "after the end of the financial year",
    ),
    Trigger(
        "browser_closed",
        _re(
            r"(?:när|då|tills) (?:du|ni) stänger (?:din |er )?webbläsar\w*|webbläsaren stängs|sessionen (?:avslutas|upphör)"
            r"|when you close (?:your |the )?browser|(?:the )?browser is closed|end of (?:the|your) (?:browser )?session"
        ),
        "när webbläsaren stängs",
        "when the browser is closed",
        "Tills webbläsaren stängs.",
        "Until the browser is closed.",
    ),
    Trigger(
        "logout",
        _re(r"(?:när|om|då) (?:du|ni) loggar ut|when you log ?out|if you log ?out|on log-?out"),
        "när du loggar ut",
        "when you log out",
        "Tills du loggar ut.",
        "Until you log out.",
    ),
    Trigger(
        "issue_resolved",
        _re(
            r"till dess (?:att )?(?:problemet|ärendet|tvisten|anspråket) (?:har )?(?:åtgärdats|lösts|avgjorts|avslutats)"
            r"|tills (?:problemet|ärendet|tvisten) (?:är|har) (?:löst|åtgärdats|avgjorts)"
            r"|until (?:the )?(?:issue|dispute|claim|problem|matter) (?:is|has been) (?:resolved|settled|closed)"
        ),
        "när ärendet är löst",
        "when the issue is resolved",
        "Tills ärendet är löst.",
        "Until the issue is resolved.",
    ),
    Trigger(
        "unsubscribe",
        _re(
            r"(?:till dess (?:att )?|tills )(?:du|ni) (?:avregistrerar|avanmäler|avprenumererar|avsäger)\w*"
            r"|until you (?:unsubscribe|opt out)"
        ),
        "när du avregistrerar dig",
        "when you unsubscribe",
    ),
)

TRIGGER_BY_KEY: dict[str, Trigger] = {t.key: t for t in TRIGGERS}
CUSTOMER_RELATIONSHIP_END = Trigger(
    "customer_relationship_end",
    _re(r"$^"),
    "efter att kundrelationen har upphört",
    "after the customer relationship ends",
)
TRIGGER_BY_KEY[CUSTOMER_RELATIONSHIP_END.key] = CUSTOMER_RELATIONSHIP_END
CUSTOMER_WORD_RE = _re(r"\bkund|customer|client")
THEREAFTER_RE = _re(r"\bdärefter\b|\bthereafter\b|\bafter that\b|\bsedan dess\b")


EVENT_TRIGGERS: tuple[Trigger, ...] = tuple(t for t in TRIGGERS if t.is_event)


def find_trigger(text: str, events_only: bool = False) -> tuple[Trigger, re.Match[str]] | None:
    """The trigger that ``text`` (lower case) names first (by position)."""
    best: tuple[Trigger, re.Match[str]] | None = None
    for trigger in EVENT_TRIGGERS if events_only else TRIGGERS:
        m = trigger.pattern.search(text)
        if m and (best is None or m.start() < best[1].start()):
            best = (trigger, m)
    return best


# --------------------------------------------------------------------------- kinds without a fixed period

KIND_PATTERNS: tuple[tuple[str, Pattern], ...] = (
    (
        "legal",
        _re(
            r"bokföringslag\w*|bokföringsregl\w*|lagkrav\w*|lagstadga\w*"
            r"|(?:kräv\w*|nödvändigt|skyldig\w*|tvungna) (?:\w+ ){0,3}(?:enligt|av|i) (?:\w+ ){0,2}(?:lag|lagen|lagstiftning\w*|förordning\w*)\b"
            r"|\b(?:lag|lagen|lagstiftningen) kräver|\bkrav (?:\w+ ){0,5}(?:lagstiftning|lag|myndighetsbeslut)\w*"
            r"|görs gällande i (?:\w+ )?lagstiftning|i enlighet med (?:\w+ ){0,4}(?:styrdokument|förordning|lag)\w*"
            r"|rättslig\w* (?:förpliktelse|skyldighet)\w*|(?:juridiska|skattemässiga|bokföringsmässiga)[\w ,]* skyldigheter"
            r"|accounting act|bookkeeping act|required by (?:\w+ ){0,2}law|legal (?:requirements?|obligations?)"
            r"|statutory (?:requirements?|obligations?|retention)|(?:required|necessary|mandated) (?:by|under) (?:\w+ ){0,3}(?:law|legislation|regulations?)"
            r"|\blaw requires|tax (?:law|legislation)"
        ),
    ),
    (
        "until_consent_withdrawn",
        _re(
            r"(?:tills?|till dess(?: att)?|fram till att|så länge) (?:du|ni) (?:inte )?(?:återkallar|tar tillbaka|drar tillbaka)\w* (?:ditt |ert )?samtycke"
            r"|så länge (?:vi har |du ger oss |det finns )?(?:ditt |ert |ett giltigt )?samtycke"
            r"|(?:när|om) (?:du|ni) (?:återkallar|tar tillbaka|drar tillbaka) (?:ditt |ert )?samtycke"
            r"|(?:till dess (?:att )?|tills )(?:du|ni) (?:avregistrerar|avanmäler|avprenumererar)"
            r"|until (?:you )?(?:withdraw|revoke)\w* (?:your )?consent|as long as (?:we have |you give us )?(?:your )?consent"
            r"|(?:when|if|once) you (?:withdraw|revoke) (?:your )?consent|until you (?:unsubscribe|opt out)"
        ),
    ),
    (
        "relationship",
        _re(
            r"så länge (?:du|ni) (?:är|förblir|har) (?:en |ett )?(?:kund|medlem|användare|leverantör|elev|konto|avtal)\w*"
            r"|så länge (?:\w+)?(?:relationen|förhållandet|avtalet|medlemskapet|kontot|samarbetet)\w* (?:\w+ ){0,3}(?:är aktiv\w*|består|gäller|pågår|varar|löper)"
            r"|under (?:hela )?(?:kund|avtals|affärs)?(?:relationen|förhållandet|avtalstiden|tiden (?:du|ni) är kund)"
            r"|as long as you (?:are|remain) (?:a |an )?(?:customer|client|member|user|subscriber|supplier)"
            r"|as long as (?:you have (?:an |a )?|your )account|as long as (?:the|our|your) (?:customer |business )?(?:relationship|contract|agreement|account)\w* (?:is active|lasts|exists|continues|remains)"
            r"|for the duration of (?:the|our|your) (?:customer |business )?(?:relationship|contract|agreement|membership)"
            r"|during (?:the term of )?(?:the|our|your) (?:customer |business )?(?:relationship|contract|agreement)"
        ),
    ),
    (
        "no_limit",
        _re(
            r"utan tidsgräns|utan tidsbegränsning|utan begränsning i tid|för alltid|obegränsad tid|\bindefinitely\b"
            r"|without (?:a |any )?time limit|with no time limit|\bpermanently\b|\bforever\b|for an unlimited (?:time|period)"
        ),
    ),
    (
        "as_long_as_needed",
        _re(
            r"så länge (?:som )?(?:det )?(?:är )?(?:nödvändigt|behövs|krävs|erfordras)(?! enligt lag| av lag| för att uppfylla (?:\w+ ){0,6}(?:krav|lag))"
            r"|(?:inte|aldrig) (?:\w+ ){0,2}längre än (?:vad som är |det som är |vad som |nödvändigt)?(?:nödvändigt|tillåtet|motiverat|behövs|krävs)?"
            r"|inte längre (?:är )?nödvändig\w*|inte längre (?:har|finns) (?:\w+ )?(?:skäl|behov)"
            r"|as long as (?:is |it is )?(?:necessary|needed|required)(?! by law| under)"
            r"|longer (?:period )?than (?:is )?(?:necessary|needed|required)|only (?:for )?as long as"
            r"|no longer (?:necessary|needed|required)"
        ),
    ),
)

KINDS = (
    "period",
    "as_long_as_needed",
    "relationship",
    "until_consent_withdrawn",
    "legal",
    "no_limit",
    "until_event",
)


# --------------------------------------------------------------------------- durations and one-liners


_ISO_RE = re.compile(r"^P(?:(\d+)([YMWD])|T(\d+)([HM]))$")


def format_duration(iso: str, language: str) -> str:
    """'P36M' → '36 months' / '36 månader'."""
    m = _ISO_RE.match(iso)
    if not m:
        return iso
    if m.group(1):
        number, unit = int(m.group(1)), m.group(2)
    else:
        number, unit = int(m.group(3)), "H" if m.group(4) == "H" else "MIN"
    singular, plural = messages.section(language, "duration_units")[unit]
    return f"{number} {singular if number == 1 else plural}"
