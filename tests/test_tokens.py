from __future__ import annotations

from bot.text.tokens import Vocabulary, fold, is_stop_word, stem, words


def test_folding_drops_diacritics_so_lange_meets_lange() -> None:
    assert fold("Länge") == "lange"
    assert fold("Överföring ÅTERKALLA") == "overforing aterkalla"
    assert stem("länge", "sv") == stem("lange", "sv")


def test_stemming_joins_inflections_in_both_languages() -> None:
    assert stem("personuppgifter", "sv") == stem("personuppgift", "sv")
    assert stem("sparas", "sv") == stem("sparar", "sv")
    assert stem("collected", "en") == stem("collection", "en") == stem("collect", "en")


def test_stop_words_in_both_languages_but_not_year() -> None:
    assert is_stop_word("och") and is_stop_word("the") and is_stop_word("när")
    assert not is_stop_word("år")  # "är" folds to "ar" too, but a year is not a stop word
    assert not is_stop_word("cookies")


def test_words_split_on_punctuation_and_keep_digits() -> None:
    assert words("E-post: info@x.se, 36 månader!") == ["e", "post", "info", "x", "se", "36", "månader"]


def test_compounds_split_against_the_vocabulary() -> None:
    vocabulary = Vocabulary(["faktura", "underlag", "personuppgifter", "ansvarig", "tre"], "sv")
    assert vocabulary.split("fakturaunderlag") == ("faktura", "underlag")
    assert vocabulary.split("personuppgiftsansvarig") == ("personuppgift", "ansvarig")  # linking s
    assert vocabulary.split("kalender") == ()


def test_typos_are_corrected_to_a_close_vocabulary_word_only() -> None:
    vocabulary = Vocabulary(["marknadsföring", "cookies", "radera"], "sv")
    assert vocabulary.correct(fold("marknadsföing")) == "marknadsforing"
    assert vocabulary.correct("kalkylblad") is None
    assert vocabulary.correct("cookies") is None  # a known word is left alone


def test_stemming_in_several_threads_at_once_gives_each_word_its_own_stem() -> None:
    """A server builds indexes in a background thread while questions are answered: stems must not mix."""
    import sys
    import threading

    from bot.text.tokens import stem

    words = [
        f"{base}{ending}"
        for base in ("samtyck", "register", "kund", "faktur")
        for ending in ("et", "en", "erna", "arna", "ens", "ernas", "orna", "ar")
    ] * 40
    expected = [stem.__wrapped__(w, "sv") for w in words]
    results: list[list[str]] = []

    def run() -> None:
        results.append([stem.__wrapped__(w, "sv") for w in words])

    threads = [threading.Thread(target=run) for _ in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between any two steps of a stem
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert results == [expected] * 4
