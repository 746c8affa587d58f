"""Swedish or English? Word evidence first, a character-n-gram model (langdetect) when words don't decide.

1. Word evidence: Swedish and English stop words (Snowball lists, plus Swedish forms typed without
   å/ä/ö), chat words and general privacy vocabulary; every word with å/ä/ö counts for Swedish.
   The side with more evidence wins.
2. Neutral check: a message with no evidence either way ("GDPR?", "ok", "Acmesoft") gets the
   context default (the thread's or workspace's language).
3. Fallback: langdetect restricted to the Swedish and English profiles, seeded, loaded once.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Collection
from pathlib import Path

SUPPORTED = ("sv", "en")
LANGDETECT_CHARS = 200  # the opening of a long message is enough, and keeps the fallback fast

_SV_STOP = """
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig
du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter
upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna
själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken
er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina
vars vårt våra ert era vilkas
"""
_SV_CHAT = """
hej hejsan tjena tja hallå tack tackar mvh hälsningar okej japp nej nä jo kanske snälla vänligen
funkar typ asså alltså nån nåt nåra nånting sån sånt liksom behöver gäller finns går vill ska får
måste också bara inga ingenting enligt eftersom ifall fast även redan just nu dock samt hos någon
vilken vilket sen sedan också göra gör gjort gjorde kolla fråga frågor undrar undra tänkte hur länge
lång länge varje bra kul visst klart absolut precis sparar sparas spara lagrar lagras lagra sparade
raderar raderas radera radering tas bort ta tar kunder kund kunden kundens leverantör leverantörer
uppgifter uppgifterna personuppgifter personuppgift samtycke samtycket kakor kaka nyhetsbrev
nyhetsbrevet behandlar behandlas behandling behandlingen ändamål syfte lämnar lämnas delar delas
tredje part parter utdrag registerutdrag integritet integritetspolicy integritetspolicyn
personnummer telefonnummer adress adressen anställda anställd ansökan faktura fakturor avtal avtalet
rättigheter rätt begära begär begäran länge tid hur mycket användare användarna webbplats hemsida
hemsidan mejl mejla epost information informationen företaget företag bolaget skickar skickas
säkerhet säkert skydd skyddar myndighet myndigheten lag lagen enl anonymisering anonymiseras
marknadsföring utskick reklam sekretess gallras gallring överföring överförs utanför inom
"""
_SV_DIACRITIC_FREE = "ar fran pa nar da sa ocksa maste gar nagon nagot aven dar vara forst fragor fraga"

_EN_STOP = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these
those am is are was were be been being have has had having do does did doing would should could
ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd
they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't
doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't let's that's
who's what's here's there's when's where's why's how's a an the and but if or because as until
while of at by for with about against between into through during before after above below to from
up down in out on off over under again further then once here there when where why how all any
both each few more most other some such no nor not only own same so than too very
"""
_EN_CHAT = """
hi hey hello thanks thank thx pls please yes yeah yep nope u ok's can will get got want need does
know tell long keep kept stored store stores storing delete deleted deletion remove removed erase
share shared sharing sell sold third parties party customer customers users user people someone
anyone policy privacy personal data's consent newsletter emails email marketing request requests
right rights access copy send sent collect collected collects processing processed process use used
uses using company companies employees employee invoice invoices contract contracts address
addresses phone number numbers retention retain period years months days what's anonymised
anonymized secure security breach transfer transferred outside inside should would could might
must also just like think wondering wonder question questions happen happens happened there's
which whose long how's us does doesn't did didn't
"""
# Words typed alike in both languages carry no evidence.
_SHARED = {"i", "in", "an", "at", "for", "over", "under", "all", "just", "ur", "be", "is"}
_SHARED |= {"data", "information", "policy", "cookies", "cookie", "gdpr", "ok", "okej", "eu", "pdf"}
_SHARED |= {"ip", "dpa", "dpo", "dsar", "email", "e-mail", "mail", "app", "web", "service"}

_DIACRITIC = re.compile(r"[åäöÅÄÖ]")
_WORD = re.compile(r"[\w'’-]+")
_STRIP = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|<[^>]*>")


def _words(block: str) -> set[str]:
    return set(block.split())


SV_WORDS: frozenset[str] = frozenset(
    (_words(_SV_STOP) | _words(_SV_CHAT) | _words(_SV_DIACRITIC_FREE)) - _SHARED
)
EN_WORDS: frozenset[str] = frozenset((_words(_EN_STOP) | _words(_EN_CHAT)) - _SHARED - SV_WORDS)
SV_WORDS = frozenset(SV_WORDS - (_words(_EN_STOP) | _words(_EN_CHAT)))

_lock = threading.Lock()
_factory: object | None = None


def detect_language(text: str, default: str = "en", names: Collection[str] = frozenset()) -> str:
    """ "sv" or "en" for a message; ``default`` when the message gives no evidence either way.

    ``names``: lower-case words of the companies' names (from the knowledge base), which count as
    neither language ("Acmesoft?" takes the default)."""
    default = default if default in SUPPORTED else "en"
    cleaned = _STRIP.sub(" ", text or "").lower().replace("’", "'")
    words = _WORD.findall(cleaned)
    if not words:
        return default
    sv, en = evidence(words)
    if sv > en:
        return "sv"
    if en > sv:
        return "en"
    if sv == 0 and _is_neutral(words, names):
        return default
    return _langdetect(cleaned[:LANGDETECT_CHARS], default)


def evidence(words: list[str]) -> tuple[float, float]:
    """Swedish and English evidence scores for lower-cased words."""
    sv = en = 0.0
    for word in words:
        if word in SV_WORDS:
            sv += 1
        elif word in EN_WORDS:
            en += 1
        if _DIACRITIC.search(word):
            sv += 1
        elif word.endswith(("ing", "tion", "ness", "ity")) and len(word) > 5 and word not in SV_WORDS:
            en += 0.5
        elif word.endswith(("ningar", "ningen", "heten", "erna", "arna", "orna", "ering", "tionen")):
            sv += 0.5
    return sv, en


def _is_neutral(words: list[str], names: Collection[str]) -> bool:
    """Only shared words, names and numbers: nothing langdetect could judge fairly."""
    return all(
        w in _SHARED or w.isdigit() or len(w) <= 2 or w in names or w.rstrip("s").rstrip("'") in names
        for w in words
    )


def _langdetect(text: str, default: str) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    factory = _get_factory()
    try:
        detector = factory.create()  # type: ignore[attr-defined]
        detector.append(text)
        probabilities = detector.get_probabilities()
    except LangDetectException:
        return default
    if not probabilities:
        return default
    lang = probabilities[0].lang
    return lang if lang in SUPPORTED else default


def _get_factory() -> object:
    """The sv+en langdetect factory, built once (thread-safe)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                _factory = _build_factory()
    return _factory


def _build_factory() -> object:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = [(Path(PROFILES_DIRECTORY) / lang).read_text(encoding="utf-8") for lang in SUPPORTED]
    factory.load_json_profile([json.dumps(json.loads(p)) for p in profiles])
    factory.set_seed(0)
    return factory


def warm_up() -> None:
    """Load the langdetect profiles now (start-up) rather than on the first ambiguous message."""
    _get_factory()
