"""Word-cloud input: one comparable word per answer, stop words in both languages left out, stable frequencies."""

from __future__ import annotations

import pytest

from eventapp.domain.words import STOP_WORDS_EN, STOP_WORDS_NB, WORD_MAX, frequencies, normalise


@pytest.mark.parametrize(
    ('given', 'word'),
    [
        ('Inspirerende', 'inspirerende'),
        ('  Blåbær! ', 'blåbær'),
        ('«Tromsø»', 'tromsø'),
        ('ÆRLIG.', 'ærlig'),
        ('Motivert, glad', 'motivert'),
        ('e\u0301nergi', 'énergi'),  # decomposed é becomes one letter
        ('zero\u200bwidth', 'zerowidth'),
        ('!!!', ''),
        ('', ''),
        ('x' * 50, 'x' * WORD_MAX),
    ],
)
def test_an_answer_becomes_one_comparable_word(given: str, word: str) -> None:
    assert normalise(given) == word


def test_norwegian_and_english_stop_words_are_left_out() -> None:
    assert {'og', 'ikke', 'jeg', 'på', 'å'} <= STOP_WORDS_NB
    assert {'the', 'and', 'not'} <= STOP_WORDS_EN

    assert frequencies(['og', 'The', 'ikke', 'energi', 'Energi!']) == {'energi': 2}


def test_frequencies_count_and_order_most_frequent_first_then_alphabetically() -> None:
    given = ['Lærerikt', 'gøy', 'lærerikt', 'Øy', 'gøy', 'lærerikt', 'a']

    assert list(frequencies(given).items()) == [('lærerikt', 3), ('gøy', 2), ('øy', 1)]


def test_nothing_meaningful_gives_no_frequencies() -> None:
    assert frequencies(['', ' ', '...', 'og']) == {}
