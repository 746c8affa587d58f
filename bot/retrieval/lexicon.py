"""A bilingual privacy concept lexicon, organised along the OPP-115 categories.

OPP-115 (Wilson et al., ACL 2016) sorts privacy-policy text into first-party collection/use,
third-party sharing/collection, user choice/control, user access/edit/deletion, data retention, data
security, policy change, do not track, international and specific audiences, and other. Each concept
below belongs to one category and carries general Swedish and English vocabulary for it, so that an
English question and a Swedish clause (or the reverse) meet on the same concept.

Pattern syntax: alternatives separated by '|'; words separated by spaces and matched in sequence;
``word*`` matches any word beginning with ``word`` (after diacritic folding, so Swedish compounds and
inflections match); a plain word matches by its Snowball stem in the pattern's language.

``generic`` concepts (personal data, the policy, the website) appear almost everywhere: they help
ranking a little but never decide whether a question is answered. ``cue`` concepts are question
forms ("how long", "who gets"): they imply topic concepts and steer the reranker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.text.tokens import fold, stem, words

CATEGORIES = (
    "first_party",
    "third_party",
    "choice",
    "access",
    "retention",
    "security",
    "policy_change",
    "do_not_track",
    "audiences",
    "other",
)


@dataclass(frozen=True)
class Concept:
    id: str
    category: str
    en: str
    sv: str
    generic: bool = False
    cue: bool = False
    implies: tuple[str, ...] = ()
    # concepts whose matches inside this concept's phrase are dropped: "data protection officer" is a
    # DPO, not security; "how long does it take to answer" is a response time, not retention
    masks: tuple[str, ...] = ()


C = Concept
# fmt: off
CONCEPTS: tuple[Concept, ...] = (
    # ---------------------------------------------------------------- first-party collection and use
    C("collect", "first_party",
      "collect|gather*|obtain|receive information|we receive|information we get|provide us|you give us|"
      "submit|sources of|what data|what information|what personal|which data|what kind of data|what types",
      "samla* in|samlar|insaml*|inhämt*|hämta* in|hämtar|erhåll*|tar emot|lämnar till oss|lämna* till oss|"
      "registrer*|vilka uppgifter|vilken information|vilka personuppgifter|vilken data|vilka data|källor"),
    C("contact_details", "first_party",
      "name|email*|e-mail*|mail address*|phone*|telephone*|postal address|street address|address|"
      "contact information|contact details|job title*",
      "namn|e-post*|epost*|mejl*|mail*|telefon*|mobilnummer*|adress*|postadress*|kontaktuppgift*|"
      "kontaktinformation*|yrkestit*|titel"),
    C("identity_number", "first_party",
      "social security|identity number|id number|national identification|passport*|driver* licen*",
      "personnummer*|samordningsnummer*|legitimation*|pass|id-handling*|id-nummer*"),
    C("location", "first_party", "location*|geolocation*|gps|geographic*|where you are",
      "plats*|positionsdata*|geografisk*|var du befinner"),
    C("device_data", "first_party",
      "ip address*|ip|device*|browser*|operating system*|log file*|log data|logs|weblog*|web log*|server log*|user agent|hardware",
      "ip-adress*|ip|enhet*|webbläsar*|operativsystem*|logg*|loggfil*|hårdvara*"),
    C("usage_data", "first_party",
      "usage|how you use|interact*|pages you visit|pages visited|clicks|browsing|activity|activities",
      "användning*|hur du använder|interaktion*|besök*|klick*|surfa*|aktivitet*|beteende*"),
    C("payment", "first_party",
      "payment*|pay|paid|credit card*|card number*|=bank|=banks|=banking|billing|invoice*|purchase*|transaction*",
      "betal*|kreditkort*|=kortet|kortnummer*|kortuppgift*|bank*|faktur*|=köp|=köpet|=köpa|=köper|köpt*|köpar*|"
      "köpvillkor*|transaktion*|inköp*"),
    C("sensitive_data", "first_party",
      "=sensitive|sensitive data|sensitive personal|health|medical|religio*|ethnic*|racial|biometric*|genetic*|sexual|political|"
      "trade union|special categor*|criminal",
      "=känslig|=känsliga|=känsligt|känsliga personuppgift*|känsliga uppgift*|hälsa*|hälso*|medicinsk*|religi*|etnisk*|biometri*|genetisk*|sexuell*|politisk*|"
      "fackförening*|särskilda kategori*|brottmål*|brottslig*|lagöverträdelse*|=brott|=brotten"),
    C("purpose", "first_party",
      "purpose*|why do you|why do they|why does|why we|what for|use your information|use your data|"
      "use my data|use my information|how do you use|how we use|how they use|used for|use of",
      "ändamål*|syfte*|varför|till vad|används till|använder vi|=använda|=användas|=används|=använder|=använt|=använts|"
      "användning av"),
    C("legal_basis", "first_party",
      "legal basis|lawful basis|legal ground*|legitimate interest*|performance of a contract|"
      "perform a contract|fulfil* a contract|legal obligation*|balancing",
      "rättslig grund*|laglig grund*|rättsliga grund*|berättigat intresse|berättigade intresse*|"
      "legitimt intresse|legitimt affärsintresse|intresseavvägning*|fullgöra* ett avtal|fullfölja* ett avtal|"
      "rättslig förpliktelse*|rättsliga förpliktelse*|avtal*|laglig*|lagstöd*"),
    C("consent", "choice",
      "consent*|permission|agree*|opt in|opt-in|accept*|click* yes|say yes",
      "samtyck*|samtycke*|godkän*|medgivande*|tillstånd*|tillåt*|klicka* ja|klickat ja|"
      "säga ja|acceptera*"),
    C("account", "first_party", "=account|=accounts|sign up|signup|register*|registration|log in|login|profile",
      "konto*|registrer*|anmäl*|logga in|inloggning*", generic=True),
    C("profiling", "first_party",
      "profiling|profile*|automated decision*|automated processing|automatic* decision*|scoring",
      "profiler*|profil*|automatiserat beslut*|automatiserade beslut*|automatiska beslut*|"
      "automatisk* beslutsfattande|automatiserad*"),
    C("algorithms", "first_party",
      "artificial intelligence|ai|machine learning|algorithm*|train* models|model training",
      "artificiell intelligens|ai|maskininlärning*|algoritm*|träna*"),
    C("analytics", "first_party",
      "analytic*|statistic*|google analytics|measurement*|=measuring|metrics|improve our services|improve the service",
      "analys*|statistik*|google analytics|=mäta|=mäter|=mäts|mätning*|förbättra* våra tjänster|förbättra* tjänst*|webbanalys*"),
    C("marketing", "first_party",
      "marketing|market*|advertis*|ads|promo*|offers|newsletter*|mailing*|"
      "direct marketing|prospect*|cold email*|sales outreach",
      "marknadsför*|marknadsföring*|reklam*|direktreklam*|direktutskick*|sms-utskick*|massutskick*|annons*|erbjudand*|nyhetsbrev*|utskick*|direktmarknadsför*|"
      "kampanj*|prospekter*|marknadsanalys*|leads|säljkontakt*"),
    C("newsletter", "first_party", "newsletter*|mailing list*|subscri*",
      "nyhetsbrev*|prenumer*|utskick*", implies=("marketing",)),
    C("recruitment", "first_party",
      "job application*|applicant*|apply for a job|cv|resume|recruit*|candidate*|career*|vacanc*",
      "ansök*|sökande|cv|rekryter*|kandidat*|jobb*|tjänst som|lediga tjänster|karriär*"),
    C("events", "first_party", "event*|seminar*|webinar*|conference*|meeting*",
      "=event|=eventet|=eventen|=events|evenemang*|seminari*|webinar*|konferens*|mässa*|möte*|träff*"),
    C("bookings", "first_party",
      "=book|=books|=booked|=booking|=bookings|appointment*|reservation*|=reserve|=reserved|time slot*",
      "=boka|=bokar|=bokade|=bokat|=bokas|bokning*|tidbok*|bokningssystem*|reserver*|=tid hos"),
    C("communications", "first_party",
      "comment*|blog*|forum*|chat*|message*|review*|correspondence|customer service|support",
      "kommentar*|kommenter*|blogg*|forum*|chatt*|meddelande*|recension*|korrespondens*|kundtjänst*|"
      "support*|kundservice*"),
    C("education", "audiences",
      "student*|pupil*|course*|grade*|school*|education*|training|diploma*|certificate*",
      "elev*|studerande|student*|kurs*|betyg*|skola*|skolan|utbildning*|intyg*|diplom*|examen*"),
    C("customers", "first_party", "customer*|client*|supplier*|business partner*|vendor*",
      "kund*|klient*|leverantör*|affärspartner*|affärsrelation*", generic=True),
    C("employees", "first_party", "employee*|staff|personnel|colleague*|workers",
      "anställd*|medarbetar*|personal|personalen|kollega*|arbetstagar*"),
    C("social_media", "third_party",
      "social media|social network*|facebook|linkedin|twitter|instagram|youtube|plugin*|plug-in*|like button*",
      "sociala medier|socialt medium|sociala nätverk*|facebook|linkedin|twitter|instagram|youtube|plugin*|"
      "insticksprogram*"),
    # ---------------------------------------------------------------- cookies and tracking
    C("cookies", "first_party",
      "cookie*|tracking technolog*|tracker*|pixel*|web beacon*|beacon*|local storage|tag*|"
      "similar technolog*|stored in your browser|stored in the browser|stored on your device",
      "cookie*|kakor|kaka|kakan|kakorna|spårningsteknik*|spårningsteknolog*|pixel*|webbfyr*|"
      "liknande teknik*|liknande teknolog*|spårning*|lagras i din webbläsare|lagrad i din webbläsare|"
      "lagras i webbläsaren|sparas i din webbläsare",
      masks=("hosting",)),
    C("cookie_settings", "choice",
      "cookie banner*|banner*|accept cookies|reject cookies|cookie settings|block cookies|disable cookies|"
      "browser settings|before i accept|before you accept|without consent|settings in your browser|"
      "disable cookie*|block cookie*|turn off cookie*|delete cookie*|refuse cookie*|reject cookie*|"
      "prevent cookie*|avoid cookie*|stop cookie*|opt out of cookie*|manage cookie*",
      "banner*|cookiebanner*|godkänn* cookies|acceptera* cookies|cookieinställning*|blockera* cookies|"
      "inställningar i din webbläsare|webbläsarens inställning*|webbläsarinställning*|innan du godkänt|"
      "stäng* av cookie*|stäng* * av cookie*|blockera* cookie*|radera* cookie*|ta bort cookie*|"
      "undvik* cookie*|slippa cookie*|neka* cookie*|avaktivera* cookie*|inaktivera* cookie*|"
      "inställningarna i din webbläsare|inställningar i webbläsaren"),
    C("embedded_content", "third_party",
      "embed*|third-party content|content from other sites|content from other websites",
      "inbädd*|bädda* in|innehåll från andra webbplatser"),
    C("do_not_track", "do_not_track", "do not track|do-not-track|dnt|tracking signal*",
      "do not track|spåra inte|spårningssignal*"),
    # ---------------------------------------------------------------- third-party sharing
    C("share", "third_party",
      "share*|sharing|disclos*|pass on|pass* to|hand over|give to|provide to|transfer*|who gets|who receives|"
      "who can see|access to my data|receive my data|obtain our information|gets my data|sell*",
      "dela*|delar|lämna* ut|lämnar ut|utlämn*|överför*|överlåt*|vidarebefordr*|vem får|vilka får|"
      "ta del av|tar del av|tillgång till|sälj*|lämnas ut|delas"),
    C("third_parties", "third_party",
      "third part*|third-part*|partner*|subcontractor*|sub-contractor*|service provider*|vendor*|"
      "supplier*|contractor*|sub-processor*|outside companies|other companies|=others|reseller*|"
      "distributor*|dealer*|agent*",
      "tredje part*|tredjepart*|partner*|samarbetspartner*|underleverantör*|leverantör*|"
      "tjänsteleverantör*|underbiträd*|utomstående|andra företag|externa|återförsäljar*|distributör*|"
      "ombud"),
    C("processor", "third_party",
      "processor*|data processing agreement*|processing agreement*|on our behalf|on behalf of|"
      "vendor*|service provider*|process data for|process the data for|outsourc*",
      "personuppgiftsbiträd*|biträd*|biträdesavtal*|personuppgiftsbiträdesavtal*|för vår räkning|"
      "på uppdrag av|för vår räkning"),
    C("controller", "other",
      "controller*|responsible for your data|responsible for the processing|who is responsible|data owner",
      "personuppgiftsansvar*|personuppgiftansvar*|ansvarig för|ansvarar för|vem är ansvarig|ansvarig*",
      masks=("settings",)),
    C("sale", "third_party", "sell*|sale|sold|rent|monetis*|monetiz*|trade",
      "sälj*|säljer|såld*|försälj*|hyr* ut|handla* med"),
    C("authorities", "third_party",
      "authorit*|police|law enforcement|court*|government*|legal process|subpoena*|required by law|"
      "legal requirement*|comply with law*",
      "myndighet*|polis*|domstol*|myndighetsbeslut*|rättsväsende*|enligt lag|lag kräver|lagkrav*|"
      "krävs enligt lag|rättsliga krav"),
    C("transfer_abroad", "audiences",
      "outside the eu|outside europe|outside the eea|outside eu|outside of the eu|eea|third countr*|"
      "international transfer*|transfer* abroad|abroad|other countries|countries|standard contractual|"
      "adequacy|privacy shield|servers in|united states|usa|us-based",
      "utanför eu|utanför europa|utanför ees|eu/ees|ees|tredje land|tredjeland*|länder|land utanför|"
      "standardavtalsklausul*|adekvat*|privacy shield|utomlands|usa|andra länder|eea|"
      "ekonomiska samarbetsområdet"),
    C("group_companies", "third_party",
      "affiliate*|group compan*|subsidiar*|parent compan*|sister compan*|corporate family",
      "koncern*|dotterbolag*|moderbolag*|närstående bolag*|systerbolag*|koncernbolag*"),
    C("business_transfer", "third_party",
      "merger*|acquisition*|acquired|sale of the company|sale of assets|bankruptcy|reorgani*|"
      "is sold|is being sold|be sold|gets sold|get sold|was sold|bought by|taken over|takeover|"
      "change of control|business transfer*|sale of the business|sale of all or part",
      "fusion*|förvärv*|uppköp*|köps upp|köpts upp|överlåtelse av verksamhet*|konkurs*|omstrukturer*|"
      "=säljs|=säljas|sammanslagning*|företagstransaktion*|ny ägare|nya ägare|tas över|tar över",
      masks=("sale", "settings")),
    # ---------------------------------------------------------------- user choice and control
    C("opt_out", "choice",
      "opt out|opt-out|unsubscribe*|stop receiving|stop sending|stop getting|stop the|stop your|"
      "no longer receive|decline|refuse|"
      "turn off|switch off|not want to be|don't want to be|do not want to be|no more|don't send|"
      "do not send|never again|take me off|remove me from",
      "avregistrer*|avanmäl*|sluta* få|sluta* * få|slippa* få|sluta* ta emot|sluta* * ta emot|avsluta prenumeration*|tacka nej|säga nej|slippa|inte längre få|"
      "inte vill ha|vill inte ha|inte vill bli|stänga av|stäng* * av|avböj*|neka*|avstå*"),
    C("withdraw_consent", "choice",
      "withdraw*|revoke*|take back|change my mind|changed their mind|retract*",
      "återkall*|ta tillbaka|dra tillbaka|ångra*|återta*"),
    C("settings", "choice", "setting*|preferences|choice*|choose|control|controls|disable|manage",
      "inställning*|preferens*|välja|val|valmöjlighet*|kontrollera*|inaktivera*|hantera dina", generic=True),
    C("objection", "access",
      "object*|objection*|oppose*|stop processing|stop using|stop using my|no longer process|"
      "say no to * processing|say no to * * processing|future processing|further processing",
      "invänd*|motsätt*|upphöra med|sluta behandla|sluta använda|inte längre behandla|neka*|"
      "framtida behandling|framtida hantering|fortsatt behandling",
      masks=("obligation_to_provide",)),
    # ---------------------------------------------------------------- user access, edit, deletion
    C("rights", "access",
      "right*|your rights|data subject*|exercise*|entitled|what can i do",
      "rättighet*|rätt att|rätt till|rätten|registrerad*|den registrerade|utöva*|har rätt"),
    C("access_right", "access",
      "access|copy of|copies|what you hold|what data you hold|what you have on|what information you have|"
      "request information|data you have about|subject access|see my data|see the data|find out what|"
      "obtain information|which personal data|what personal data|on file|a copy|"
      "register extract|extract",
      "registerutdrag*|begära ut|begär ut|få ut|få tillgång|tillgång till|insyn|kopia|kopior|"
      "vilka uppgifter|vilka personuppgifter|information om vilka|utdrag*|begära * ut|få * ut|"
      "vilka personuppgifter som"),
    C("rectification", "access",
      "=correct|=corrects|=corrected|=correcting|correction*|rectif*|inaccurate|incorrect|wrong|outdated|"
      "out of date|update* my|update* your|update* their|change* my|change* your|change* their|change* his|"
      "change* her|amend*|edit*|fix",
      "rätta*|rättelse*|rättning*|korriger*|felaktig*|fel|inaktuell*|ofullständig*|komplettera*|"
      "uppdatera* dina|uppdatera* mina|uppdatera* sina|ändra* dina|ändra* mina|ändra* sina|ändra* ditt|"
      "ändra* mitt|ändra* sitt",
      masks=("policy_change",)),
    C("erasure", "access",
      "delet*|erase*|erasure|remov*|forgotten|get rid of|wipe*|destroy*|close my account|close account|"
      "thin out|thins out|thinned|thinning",
      "radera*|radering*|raderin*|borttag*|ta bort|tas bort|tar bort|tar * bort|tas * bort|plocka* bort|bortglöm*|glömd*|utplån*|gallr*|förstör*|"
      "avsluta* konto*|stäng* konto*"),
    C("restriction", "access", "restrict*|limit* the processing|limit* processing|freeze|block*",
      "begräns*|frysa|spärra*"),
    C("portability", "access",
      "portab*|move my data|as a file|in a file|transfer my data|transfer your data|machine-readable|machine readable|"
      "export*|download my data|download your data|"
      "structured format|electronic format|commonly used format|another provider|another service|"
      "electronic form|electronic copy|data moved|move their data|move his data|move her data|another controller",
      "dataportabilitet*|portabilitet*|som en fil|som fil|flytta*|överföra dina|överföra mina|maskinläs*|datorläs*|"
      "exportfil*|exporter*|strukturerat|"
      "elektroniskt format|elektronisk form|allmänt använt|annan leverantör|annan tjänst*|annan personuppgiftsansvarig|"
      "föra över mina|föra över dina|för över dina|för över mina"),
    C("complaint", "access",
      "complain*|complaint*|supervisory authorit*|data protection authorit*|regulator*|imy|"
      "datainspektionen|data inspectorate|report them|lodge",
      "klagomål*|klaga*|tillsynsmyndighet*|integritetsskyddsmyndighet*|datainspektion*|imy|anmäla*",
      masks=("security", "authorities")),
    C("identity_verification", "access",
      "verify your identity|verify my identity|verif*|identif* yourself|identify you|proof of identity|"
      "prove who|identification|id",
      "identifier*|legitimer*|verifier*|styrka* identitet*|bevisa*|identitet*|legitimation*"),
    C("fee", "access",
      "free of charge|free|=fee|=fees|cost*|charge*|pay for|price|have to pay|need to pay|pay anything|"
      "pay to|pay a|must i pay",
      "kostnad*|avgift*|kostnadsfri*|gratis|kosta*|kostar|ersättning*|pris*|betala för|måste jag betala|"
      "behöver jag betala|måste man betala|behöver man betala|betala något|betala nåt",
      masks=("payment",)),
    C("response_time", "access",
      "how quickly|how fast|how soon|respond to|respond within|response time|reply to my|reply within|"
      "answer my request|within one month|within a month|within 30 days|deadline|"
      "how long does it take|how long will it take|how long do you take|how long until|how long before|"
      "have to answer|have to respond|have to reply|have * to answer|have * to respond|have * to reply|"
      "days to answer|days to respond|days to reply",
      "hur snabbt|hur fort|hur snart|svarar ni|svarar vi|svara på din*|svara på min*|svara på begär*|"
      "svara på förfrågning*|svar på din begäran|svar på min begäran|svara på en begäran|svar på en begäran|"
      "svara på en förfrågan|på sig att svara|på sig att besvara|har * på sig att|på er att svara|har * på er att|"
      "besvara*|inom en månad|inom 30 dagar|handläggning*|tidsfrist*|hur lång tid tar|"
      "hur lång tid innan|hur lång tid dröjer|dröjer det",
      masks=("how_long", "retention", "duration")),
    # ---------------------------------------------------------------- retention
    C("retention", "retention",
      "retain*|retention|keep*|kept|store*|storing|storage|hold on|how long|save*|archiv*|"
      "delete after|deleted after|forever|indefinitely|=period|=periods",
      "spara*|sparat*|sparad*|lagr*|behåll*|behålla*|förvar*|lagringstid*|arkiv*|hur länge|så länge|för alltid|"
      "gallr*|period*|tid"),
    C("duration", "retention",
      "years|year|months|month|weeks|days|indefinitely|indefinite|forever|no time limit|"
      "without time limit|unlimited|permanently|until you|as long as",
      "månad*|vecka|veckor|dagar|dygn|utan tidsgräns|tills vidare|obegränsad*|för alltid|permanent*|"
      "så länge|till dess|tills du"),
    C("accounting_law", "retention",
      "accounting*|bookkeeping|tax law*|tax purpose*|statutory|legal retention|records for",
      "bokföring*|bokföringslag*|räkenskap*|skattelag*|skatte*|arkivlag*|lagstadgad*|preskription*"),
    C("anonymisation", "retention", "anonymi*|pseudonym*|de-identif*|aggregate*",
      "anonymiser*|anonym*|avidentifier*|pseudonym*|aggreger*"),
    # ---------------------------------------------------------------- security
    C("security", "security",
      "secur*|protect*|safeguard*|safe|technical and organisational|technical and organizational|measures",
      "säkerhet*|säker*|skydd*|skydda*|tekniska och organisatoriska|åtgärder|skyddsåtgärd*|"
      "säkerhetsåtgärd*|säkerhetsarbete*"),
    C("encryption", "security", "encrypt*|ssl|tls|https|cryptograph*|hash*|salted", "krypter*|ssl|tls|https"),
    C("access_control", "security",
      "access control*|authori* personnel|authori* staff|who can access|who has access|need to know|"
      "confidential*|employees access|staff access|look at|look into|peek|see the personal|can see|"
      "who sees|who can view",
      "behörig*|åtkomst*|sekretess*|tystnadsplikt*|konfidentiell*|vem har tillgång|vilka har tillgång|"
      "kika|titta|se personuppgift*|tillgång|kan se|får se|vem ser|vilka ser",
      masks=("access_right",)),
    C("breach", "security",
      "breach*|incident*|leak*|hack*|unauthori* access|compromis*|stolen|notify you of a breach",
      "personuppgiftsincident*|incident*|intrång*|dataintrång*|läck*|hack*|obehörig*|stöld*"),
    C("certification", "security",
      "certif*|iso 27001|iso|soc 2|soc2|accredit*|independent audit*|external audit*|third-party audit*|"
      "audited by",
      "certifier*|certifikat*|iso|ackrediter*|extern granskning|oberoende granskning|externa revision*|"
      "tredjepartsgransk*|soc 2"),
    C("authentication", "security",
      "two-factor|2fa|mfa|multi-factor|multifactor|authenticat*|password*|passphrase*|login credential*",
      "tvåfaktor*|tvåstegs*|multifaktor*|autentiser*|lösenord*|inloggningsuppgift*|bankid"),
    C("hosting", "security",
      "server*|data cent*|hosting|hosted|cloud|where is my data stored|where do you store|stored in",
      "server*|servrar*|datacenter*|datahall*|moln*|molntjänst*|driftmiljö*|lagras i|lagrad i|var lagras"),
    # ---------------------------------------------------------------- policy change
    C("policy_change", "policy_change",
      "change*|update*|revis*|amend*|modif*|latest version|new version|last updated|effective date|"
      "effective|take effect|takes effect|took effect|into effect|in effect|in force|into force|applies from|"
      "valid from|valid since",
      "ändring*|ändrar*|ändras*|ändrat*|ändrad*|uppdater*|revider*|senast uppdaterad|träder i kraft|ny version|"
      "revideringsdatum*|gäller från|gäller sedan|giltig*|i kraft|trädde i kraft"),
    C("notify", "policy_change", "notify|notification*|=inform|=informs|=informed|=informing|notice|let you know|tell you|alert*",
      "meddela*|underrätt*|informera*|avisera*|besked|aviser*"),
    # ---------------------------------------------------------------- audiences
    C("children", "audiences",
      "child*|kid*|minor*|under 13|under 16|under 18|under the age|age limit|age of|parent*|guardian*|"
      "teen*|young people|years old|underage|minimum age|age requirement*|how old|old enough|=age|=ages",
      "barn*|minderårig*|under 13|under 16|under 18|åldersgräns*|ålder*|förälder*|föräldrar*|"
      "målsman|vårdnadshavar*|ungdom*|tonåring*|år gamla|år gammal|omyndig*|hur gammal|gammal nog|"
      "minimiålder*|lägsta ålder*|hur gamla|gamla nog"),
    C("california", "audiences", "california*|ccpa|nevada|shine the light|cal. civ",
      "kalifornien|ccpa"),
    C("europe", "audiences", "gdpr|european union|eu|europe*|general data protection regulation",
      "gdpr|dataskyddsförordning*|eu|eu:s|europ*", generic=True),
    # ---------------------------------------------------------------- other
    C("contact_us", "other",
      "contact*|get in touch|reach us|reach them|email us|write to us|call us|questions|who do i ask|"
      "who should|turn to|whom to contact|who can i call|who can i contact|who do i contact|send a request|write to|address to|mailing address",
      "kontakta*|kontakt*|hör av|nå oss|nås|skriv till|ring*|frågor|vända* sig till|vänd dig|"
      "vem ska|vem vänder|vart vänder|kontaktuppgift*|kontaktinformation*"),
    C("dpo", "other",
      "data protection officer|dpo|privacy officer|data protection contact|privacy contact|"
      "data protection representative",
      "dataskyddsombud*|personuppgiftsombud*|dataskyddskontakt*|dataskyddkontakt*|integritetsansvarig*",
      masks=("security", "contact_us")),
    C("company_identity", "other",
      "who are you|who we are|company name|registration number|organisation number|organization number|"
      "registered office|headquarter*|=located",
      "vilka vi är|vem vi är|organisationsnummer*|org. nr|org nr|säte|huvudkontor*|registrerat"),
    C("scope", "other",
      "applies to|apply to|scope|covered|covers|this policy applies|who does this policy",
      "gäller för|gäller|omfatta*|tillämp*|omfattas", generic=True),
    C("definitions", "other", "definition*|means|defined|key terms|terms mean|what is meant",
      "definition*|betyder|avses|menas|nyckelterm*|termer|innebär", generic=True),
    C("personal_data", "other",
      "personal data|personal information|information about you|data about you|your data|your information|"
      "pii|personally identifiable",
      "personuppgift*|personlig information|personliga uppgifter|uppgifter om dig|dina uppgifter|"
      "information om dig|data om dig", generic=True),
    C("policy", "other", "privacy policy|privacy notice|privacy statement|policy|notice",
      "integritetspolicy*|integritetspolicyn|dataskyddspolicy*|sekretesspolicy*|personuppgiftspolicy*|policy*",
      generic=True),
    C("website", "other", "website*|web site|site|app|apps|online|services|platform*",
      "webbplats*|hemsida*|webbsida*|sajt*|app*|appen|tjänst*|plattform*|webbplattform*", generic=True),
    C("obligation_to_provide", "choice",
      "have to give|have to provide|required to provide|must i provide|must i give|do i need to give|"
      "mandatory|obligat*|voluntar*|what happens if i don't|what happens if i do not|say no|refuse to give|"
      "not provide",
      "skyldig*|måste jag|måste man|obligatorisk*|frivillig*|tvingad*|behöver jag lämna|"
      "behöver man lämna|inte lämna*|väljer att inte"),
    C("sources", "first_party",
      "sources|source|where do you get|where do they get|where does|from where|from whom|obtain* from|"
      "publicly available|public sources|public register*|public record*|other sources|third-party sources|"
      "get my data from|get my details|get my information|get my info|find my|found my|databases|"
      "data brokers|obtained from|where do you find|where did you find|how do you find|how did you find|"
      "scrap*|crawl*|enrich*|external register*|external source*|external database*",
      "=källa|=källor|=källan|=källorna|varifrån|var får|var hämtar|publik* källor|offentlig* källor|"
      "allmänt tillgänglig*|publikt tillgänglig*|andra källor|register|var hittar|hittar ni|hittar de|hittade ni|"
      "skrapa*|crawl*|berika*|externa register|externa källor"),
    C("credit_check", "first_party",
      "credit check*|credit agenc*|credit reference*|credit bureau*|creditworth*|credit rating*|"
      "credit assessment*|instal*ment*|part payment*",
      "kreditupplysning*|kreditprövning*|kreditbedömning*|kreditvärdighet*|upplysningsföretag*|"
      "delbetalning*|avbetalning*"),
    C("media", "first_party",
      "photo*|picture*|pics|image*|video*|film*|camera*|cctv|recording*|=recorded",
      "foto*|fota*|fotograf*|bild|bilder|bilden|filma*|film|video*|kamera*|kameraövervakning*|inspelning*|avbild*"),
    # topics policies are often silent on: decisive in search.py, so a policy that never names them
    # is not answered from the nearest clause about photos, security or recruitment
    C("pixels", "third_party", "pixel*|web beacon*|beacon*|clear gif*|tracking tag*",
      "pixel*|pixl*|webbfyr*|spårningspixl*", implies=("cookies",)),
    C("protected_identity", "audiences",
      "protected identity|protected personal data|protected address|confidential address|hidden identity",
      "skyddad identitet|skyddade personuppgifter|skyddad adress|sekretessmarkering*|kvarskrivning*|"
      "fingerade personuppgifter"),
    C("background_check", "first_party",
      "background check*|criminal record*|vetting|reference check*|screening",
      "bakgrundskontroll*|belastningsregist*|referenstag*|referenskontroll*|säkerhetsprövning*"),
    C("backups", "security", "backup*|back-up*|back up|backed up",
      "säkerhetskopi*|backup*|reservkopi*"),
    C("surveillance", "first_party",
      "cctv|surveillance*|security camera*|video monitoring|camera monitoring|monitored by camera*",
      "kameraövervakning*|kamerabevakning*|övervakningskamera*|bevakningskamera*|videoövervakning*"),
    C("call_recording", "first_party",
      "record* * call*|record* * calls|call recording*|recorded call*|record* phone*|record calls|"
      "record* conversation*|record* * conversation*|recorded|recording*|record* * session*|"
      "record* * lesson*|record* * meeting*",
      "spela* in samtal*|spelar * in samtal*|inspelade samtal|inspelning* av samtal*|samtalsinspelning*|"
      "spelar in samtal*|spelas samtal* in|spela* in|spelas * in|spelar * in|spelas * * in|spelar * * in|inspelning*|inspelad*|"
      "videoinspelning*|ljudinspelning*"),
    # ---------------------------------------------------------------- question cues
    C("how_long", "retention",
      "how long|how many years|how many months|how many days|how many weeks|for how long|until when|when do you delete|how far back|"
      "when will you delete|when is it deleted|when are they deleted|kept forever|keep it forever|"
      "retention period|storage period|time limit",
      "hur länge|hur lång tid|hur många år|hur många månader|hur många dagar|hur många veckor|tills när|när raderas|när tas|"
      "för alltid|lagringstid*|lagringsperiod*|gallringsfrist*",
      cue=True, implies=("retention", "duration")),
    C("who_gets", "third_party",
      "who gets|who receives|who can see|who else|with whom|which companies|which third parties|"
      "names of third|name of third|who do you share|who do they share",
      "vem får|vilka får|vem kan se|vilka andra|med vem|vilka företag|vilka tredje|vem delar",
      cue=True, implies=("share", "third_parties")),
    C("what_data", "first_party",
      "what data|what information|what info|what personal|what kind of|what kinds of|what type of|"
      "what types of|what sort of|which data|which information|which personal|what details|"
      "what do you collect|what do you store|what do you save|what do you know about|what do they collect|"
      "what do they store|what do they save|what do they know about|what do you register|what do they register|"
      "what do they keep|what do you keep|what gets stored|what is stored|what is collected|what is saved",
      "vilka uppgifter|vilken information|vilka personuppgifter|vilken data|vilka data|vilken typ av|"
      "vilka typer av|vilken sorts|vilka sorters|vilket slags|vilka slags|vad för uppgifter|"
      "vad för data|vad för information|vad samlar|vad sparar|vad lagrar|vad vet ni",
      cue=True, implies=("collect",)),
    C("where_abroad", "audiences",
      "where is|where are|which country|which countries|what country",
      "var lagras|var finns|vilket land|vilka länder",
      cue=True, implies=("transfer_abroad",)),
)
# fmt: on

_NUMBER_TEXT = (
    "en ett två tre fyra fem sex sju åtta nio tio elva tolv tjugo trettio fyrtio femtio sextio "
    "one two three four five six seven eight nine ten eleven twelve eighteen twenty thirty forty "
    "fifty sixty ninety several några flera"
)
_NUMBER_WORDS = frozenset(fold(w) for w in _NUMBER_TEXT.split())
_UNIT_TEXT = "år åren års månad månader månaders vecka veckor dag dagar dygn timmar year years month months week weeks day days hours"
_DURATION_UNITS = frozenset(_UNIT_TEXT.split())


# --------------------------------------------------------------------------- compiled matcher


MIN_E_DROP_PREFIX = 5  # an English prefix longer than this drops a final "e" (not "store*" → "stor")


@dataclass(frozen=True)
class _Element:
    prefix: str | None  # folded prefix, or None for a stem or exact match
    language: str
    stem: str
    exact: str | None = None  # "=word": this folded word only (where stems collide: säljs ≠ säljer)

    def matches(self, folded: str, stem_of: str) -> bool:
        if self.exact is not None:
            return folded == self.exact
        if self.prefix is not None:
            return folded.startswith(self.prefix)
        return stem_of == self.stem


def _pattern_words(alternative: str) -> list[str]:
    """The words of a pattern split like text is ("e-post*" → "e", "post*"; "don't" → "don", "t")."""
    result: list[str] = []
    for part in alternative.split():
        if part == "*":
            result.append(part)
            continue
        if part.startswith("="):
            result.append(part)  # an exact word is kept whole
            continue
        star = part.endswith("*")
        pieces = words(part.rstrip("*"))
        if star and pieces:
            pieces[-1] += "*"
        result.extend(pieces)
    return result


def _element(word: str, language: str) -> _Element:
    if word == "*":  # any one word: "tar * bort" matches "tar vi bort"
        return _Element("", language, "")
    if word.endswith("*") and len(word) > 1:
        prefix = fold(word[:-1])
        if language == "en" and prefix.endswith("e") and len(prefix) > MIN_E_DROP_PREFIX:
            prefix = prefix[:-1]  # "unsubscribe*" also covers "unsubscribing", "revoke*" "revoking"
        return _Element(prefix, language, "")
    if word.startswith("=") and len(word) > 1:
        return _Element(None, language, stem(word[1:].lower(), language), fold(word[1:]))
    return _Element(None, language, stem(word.lower(), language))


@dataclass(frozen=True)
class _Pattern:
    concept: str
    elements: tuple[_Element, ...]


class Lexicon:
    """Finds concepts in a sequence of words."""

    def __init__(self, concepts: Sequence[Concept] = CONCEPTS) -> None:
        self.concepts = {c.id: c for c in concepts}
        self.by_stem: dict[tuple[str, str], list[_Pattern]] = {}
        self.by_prefix: dict[str, list[_Pattern]] = {}  # first three folded letters → patterns
        self.by_prefix_en: dict[str, list[_Pattern]] = {}
        self.by_prefix_sv: dict[str, list[_Pattern]] = {}
        self.surface: set[str] = set()  # the folded words the lexicon knows (for typo correction)
        surface_languages: dict[str, set[str]] = {}
        for concept in concepts:
            for language, text in (("en", concept.en), ("sv", concept.sv)):
                for alternative in text.split("|"):
                    parts = _pattern_words(alternative)
                    if not parts:
                        continue
                    pattern = _Pattern(concept.id, tuple(_element(p, language) for p in parts))
                    first = pattern.elements[0]
                    if first.prefix is None:
                        self.by_stem.setdefault((language, first.stem), []).append(pattern)
                    else:
                        self.by_prefix.setdefault(first.prefix[:3], []).append(pattern)
                        own = self.by_prefix_en if language == "en" else self.by_prefix_sv
                        own.setdefault(first.prefix[:3], []).append(pattern)
                    for part in parts:
                        word = fold(part.lstrip("=").rstrip("*"))
                        if len(word) >= 4:
                            self.surface.add(word)
                            surface_languages.setdefault(word, set()).add(language)
        # the language of each lexicon word that belongs to one language only (typo ties, see Vocabulary)
        self.word_languages: dict[str, str] = {
            word: next(iter(found)) for word, found in surface_languages.items() if len(found) == 1
        }

    def match(
        self, tokens: Sequence[str], languages: Sequence[str] = ("en", "sv"), expand: bool = True
    ) -> dict[str, int]:
        """Concept → how many times it occurs in ``tokens`` (lower-cased words, in order).

        Only the patterns of ``languages`` are tried (a Swedish clause is read with Swedish patterns).
        With ``expand`` the concepts a match implies are added once each ("how long" → retention).
        """
        languages = tuple(languages)
        folded = [fold(t) for t in tokens]
        stems = {language: [stem(t, language) for t in tokens] for language in languages}
        if languages == ("sv",):
            prefixes = self.by_prefix_sv
        elif languages == ("en",):
            prefixes = self.by_prefix_en
        else:
            prefixes = self.by_prefix
        spans: list[tuple[str, int, int]] = []  # (concept, start, end): the longest match per start
        size = len(tokens)
        for i in range(size):
            candidates: list[_Pattern] = []
            for language in languages:
                candidates.extend(self.by_stem.get((language, stems[language][i]), ()))
            candidates.extend(prefixes.get(folded[i][:3], ()))
            longest: dict[str, int] = {}
            for pattern in candidates:
                length = len(pattern.elements)
                if i + length > size or longest.get(pattern.concept, 0) >= length:
                    continue
                if all(
                    e.matches(folded[i + j], stems[e.language][i + j]) for j, e in enumerate(pattern.elements)
                ):
                    longest[pattern.concept] = length
            spans.extend((concept, i, i + length) for concept, length in longest.items())
            if folded[i] in _NUMBER_WORDS or folded[i].isdigit():
                window = tokens[i + 1 : i + 3]
                if any(w in _DURATION_UNITS for w in window):
                    spans.append(("duration", i, i + 1))
        found: dict[str, int] = {}
        for concept_id, _start, _end in self._unmasked(spans):
            found[concept_id] = found.get(concept_id, 0) + 1
        return self.expand(found) if expand else found

    def expand(self, found: dict[str, int]) -> dict[str, int]:
        """``found`` plus the concepts its concepts imply (once each, unless found already)."""
        result = dict(found)
        for concept_id in found:
            for implied in self.concepts[concept_id].implies:
                result.setdefault(implied, 1)
        return result

    def _unmasked(self, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """Drop the matches a masking phrase covers ("data protection officer" hides "protection")."""
        masking = [
            (set(self.concepts[c].masks), start, end) for c, start, end in spans if self.concepts[c].masks
        ]
        if not masking:
            return spans
        return [
            (c, start, end)
            for c, start, end in spans
            if not any(c in masked and s <= start and end <= e for masked, s, e in masking)
        ]

    def is_generic(self, concept_id: str) -> bool:
        concept = self.concepts.get(concept_id)
        return bool(concept and concept.generic)

    def is_cue(self, concept_id: str) -> bool:
        concept = self.concepts.get(concept_id)
        return bool(concept and concept.cue)

    def category(self, concept_id: str) -> str:
        concept = self.concepts.get(concept_id)
        return concept.category if concept else "other"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()


# Questions that ask for a specific detail, not only for the topic: an exact number, a name, a list of
# countries. A clause about the topic that does not give that kind of detail does not answer them.
# Patterns run on folded text (lower case, no diacritics). Kept narrow: "how long do you keep X" is not
# one ("as long as necessary" answers it), "exactly how long" / "how many days" is.
_UNITS = r"(?:days?|weeks?|months?|years?|hours?|dagar|veckor|manader|ar|timmar|dygn)"
DETAIL_FORMS: dict[str, tuple[str, ...]] = {
    "number": (
        rf"\bhow many {_UNITS}\b",
        rf"\bhur manga {_UNITS}\b",
        r"\bexact(?:ly)? how long\b",
        r"\bhow long exactly\b",
        r"\bexakt hur lange\b",
        r"\bhur lange exakt\b",
        r"\b(?:exact|precise|specific) (?:number of |retention )?(?:period|time|days|months|years)\b",
        r"\bexakt(?:a)? (?:antal|tid|period)\b",
        r"\b(?:what|which) (?:is the )?(?:exact |specific )?number\b",
        r"\bhur manga\b",
        r"\bhow many\b",
    ),
    "name": (
        r"\bname of\b",
        r"\bnamn pa\b",
        r"\bvad heter\b",
        r"\bwhat(?:'s| is) (?:the|their|your) \w+(?: \w+)? called\b",
        r"\b(?:which|what) (?:specific |exact )?(?:cloud |hosting |payment |email |e-mail |analytics )?"
        r"(?:provider|vendor|supplier|company|companies|bank|tool|platform|standard|brand)s?\b",
        r"\bvilk(?:en|et|a) (?:specifik(?:a)? )?(?:moln\w*|\w*leverantor\w*|foretag\w*|bolag\w*|bank\w*"
        r"|standard\w*|krypteringsstandard\w*|verktyg\w*|plattform\w*|tjanst\w*)\b",
    ),
    "country": (
        r"\b(?:which|what) (?:specific |exact |third )?(?:countries|country|nations?)\b",
        r"\bvilk(?:et|a) (?:specifika )?(?:land|lander|tredjeland|tredjelander)\b",
        r"\bi vilk(?:et|a) (?:land|lander)\b",
        r"\bin which countr(?:y|ies)\b",
    ),
}
# Countries and regions outside the EU/EEA a transfer clause might name (folded). The EU, the EEA and
# "Europe" do not answer "which countries".
COUNTRY_WORDS = frozenset(
    (
        "usa",
        "us",
        "u.s.",
        "united states",
        "förenta staterna",
        "forenta staterna",
        "amerika",
        "uk",
        "united kingdom",
        "storbritannien",
        "england",
        "india",
        "indien",
        "china",
        "kina",
        "japan",
        "canada",
        "kanada",
        "australia",
        "australien",
        "switzerland",
        "schweiz",
        "norway",
        "norge",
        "iceland",
        "island",
        "singapore",
        "brazil",
        "brasilien",
        "israel",
        "philippines",
        "filippinerna",
        "ukraine",
        "ukraina",
        "serbia",
        "serbien",
        "vietnam",
        "south africa",
        "sydafrika",
        "new zealand",
        "nya zeeland",
        "argentina",
        "mexico",
        "mexiko",
        "korea",
        "sydkorea",
        "south korea",
        "turkey",
        "turkiet",
        "russia",
        "ryssland",
        "pakistan",
        "bangladesh",
        "egypt",
        "egypten",
        "uruguay",
        "taiwan",
        "hong kong",
    )
)
