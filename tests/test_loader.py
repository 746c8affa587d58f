from __future__ import annotations

from pathlib import Path

from bot.retrieval.loader import MAX_CLAUSE_CHARS, KnowledgeBase, load_knowledge, split_clauses

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def _ws(text: str) -> str:
    return " ".join(text.split())


def test_the_five_seed_companies_load_with_their_languages(kb: KnowledgeBase) -> None:
    assert kb.errors == []
    assert {slug: p.language for slug, p in kb.policies.items()} == {
        "leading-business": "en",
        "leadpilot": "sv",
        "leep": "sv",
        "company-003": "sv",
        "xledger": "sv",
    }


def test_every_clause_is_verbatim_policy_text_and_short_enough(kb: KnowledgeBase) -> None:
    for policy in kb.policies.values():
        body = _ws(policy.path.read_text(encoding="utf-8"))
        for clause in policy.clauses:
            assert len(clause.text) <= MAX_CLAUSE_CHARS
            for line in clause.text.split("\n"):
                assert _ws(line) in body, (policy.slug, line)


def test_headings_in_plain_text_become_section_paths(kb: KnowledgeBase) -> None:
    leadpilot = kb.policies["leadpilot"]
    sections = {c.section for c in leadpilot.clauses}
    assert ("3. Integritet för Användare", "A. Information vi samlar in") in sections
    xledger = kb.policies["xledger"]
    cookie = next(c for c in xledger.clauses if c.text.startswith("När du surfar"))
    assert cookie.section == ("Datan vi samlar in", "Cookies")


def test_single_newline_file_splits_into_paragraph_clauses(kb: KnowledgeBase) -> None:
    xledger = kb.policies["xledger"]
    assert len(xledger.clauses) >= 10
    contact = next(c for c in xledger.clauses if "info@xledger.se" in c.text)
    assert contact.section == ("Dataskyddkontakt",)


def test_address_lines_are_not_headings(kb: KnowledgeBase) -> None:
    for policy in kb.policies.values():
        for clause in policy.clauses:
            for title in clause.section:
                assert "@" not in title
                assert not any(ch.isdigit() for ch in title[3:]), title


def test_long_paragraph_is_split_into_sentence_groups() -> None:
    sentence = "Vi sparar uppgifterna i tre år efter avslutad kundrelation. "
    clauses = split_clauses("x", "Rubrik\n\n" + sentence * 30)
    assert len(clauses) > 1
    assert all(len(c.text) <= MAX_CLAUSE_CHARS for c in clauses)
    assert all(c.section == ("Rubrik",) for c in clauses)


def test_a_list_pasted_one_item_per_paragraph_stays_in_its_section() -> None:
    # a policy copied from a web page loses its bullets: each item is a short line of its own
    body = (
        "Uppgifter som hämtas in automatiskt\n\n"
        "De typer av uppgifter som samlas in automatiskt kan innehålla:\n\n"
        "Information om vilken typ av webbläsare du använder\n\n"
        "Din IP-adress\n\n"
        "Språket i din webbläsare\n\n"
        "Vi kan få uppgifter om dig från andra källor, till exempel offentliga register.\n\n"
        "Hur länge sparar vi uppgifterna?\n\n"
        "Vi sparar uppgifterna i två år.\n"
    )
    clauses = split_clauses("x", body)
    assert {c.section for c in clauses} == {
        ("Uppgifter som hämtas in automatiskt",),
        ("Hur länge sparar vi uppgifterna?",),
    }
    ip = next(c for c in clauses if "Din IP-adress" in c.text)
    assert ip.section == ("Uppgifter som hämtas in automatiskt",)


def test_a_heading_under_a_lead_in_is_still_a_heading() -> None:
    body = (
        "What we collect\n\n"
        "Here is what that means in practice:\n\n"
        "Identity and access\n\n"
        "When you sign up we ask for your name and email address.\n"
    )
    clause = next(c for c in split_clauses("x", body) if "sign up" in c.text)
    assert clause.section == ("Identity and access",)


def test_rows_of_a_table_are_not_headings() -> None:
    body = (
        "Categories of organisation and purpose\n\n"
        "Marketing agencies - to provide relevant digital content to our customers\n"
        "Database hosting companies - to host our digital platforms and the customer databases behind them\n"
        "Email broadcasting companies - to send emails to our customers\n"
        "SMS broadcasting companies - to send SMS and text messages to all of our customers\n"
        "Mailing houses - to send products and benefits to our customers (e.g. publications)\n"
    )
    clauses = split_clauses("x", body)
    assert {c.section for c in clauses} == {("Categories of organisation and purpose",)}


def test_broken_file_is_reported_with_its_line_and_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Policy\n\nWe keep data for two years.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\nname: Bad\nthis line is wrong\n---\nText.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    kb = load_knowledge(tmp_path)
    assert list(kb.policies) == ["good"]
    messages = {e.path.name: (e.line, e.message) for e in kb.errors}
    assert messages["bad.md"][0] == 3
    assert "binary.txt" in messages


def test_file_without_front_matter_gets_slug_from_name_and_detected_language(tmp_path: Path) -> None:
    (tmp_path / "Acme AB.txt").write_text(
        "Integritetspolicy\n\nVi sparar dina uppgifter så länge du är kund hos oss och raderar dem sedan.\n",
        encoding="utf-8",
    )
    kb = load_knowledge(tmp_path)
    policy = kb.policies["acme-ab"]
    assert policy.language == "sv"
    assert policy.name


def test_knowledge_files_keep_the_seed_text_unchanged(kb: KnowledgeBase) -> None:
    if not SEEDS.is_dir():
        return
    pairs = {
        "000": "leading-business",
        "001": "leadpilot",
        "002": "leep",
        "003": "company-003",
        "004": "xledger",
    }
    for prefix, slug in pairs.items():
        seed = next(SEEDS.glob(prefix + "_*")).read_bytes()
        assert kb.policies[slug].path.read_bytes().endswith(seed)


def test_a_numbered_title_that_is_a_whole_question_starts_its_own_section() -> None:
    body = (
        "2. Vilka personuppgifter behandlar vi?\n\n"
        "2.1 Vid registreringen sparas ditt namn och din e-postadress.\n\n"
        "3. Vad används uppgifterna till och vad är den lagliga grunden för det?\n\n"
        "3.1 Behandlingen sker med ditt samtycke.\n"
    )
    consent = next(c for c in split_clauses("x", body) if "samtycke" in c.text)
    assert consent.section == ("3. Vad används uppgifterna till och vad är den lagliga grunden för det?",)


def test_an_unnumbered_line_of_thirteen_words_is_still_text() -> None:
    body = (
        "Cookies\n\n"
        "We use a small number of cookies on this site to keep you signed in\n\n"
        "They expire when you close the browser.\n"
    )
    assert {c.section for c in split_clauses("x", body)} == {("Cookies",)}
