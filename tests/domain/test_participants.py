"""What a phone may send when it joins: a short name, a department from the list and a language.

The name is shown on the big screen and in table lists, so invisible tricks (zero-width, right-to-left overrides)
are removed, while real names, emoji and Norwegian letters come through as typed.
"""

from __future__ import annotations

import pytest

from eventapp.domain.participants import NAME_MAX, JoinError, clean_text, validate_join

DEPARTMENTS = ('Salg', 'Kundeservice', 'Økonomi', 'Kafé')


def join(name: str = 'Kari', department: str = 'Salg', language: str = 'nb') -> tuple[str, str, str]:
    return validate_join(name=name, department=department, language=language, departments=DEPARTMENTS)


def refused(**sent: str) -> str:
    with pytest.raises(JoinError) as caught:
        join(**sent)
    return caught.value.key


# --- clean_text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('typed', 'shown'),
    [
        ('Ka\u200bri', 'Kari'),  # zero-width space
        ('\ufeffKari', 'Kari'),  # byte order mark / zero-width no-break space
        ('Kari\u202e', 'Kari'),  # right-to-left override
        ('\u202enimda', 'nimda'),  # an override that would show the name reversed
        ('\u2066Kari\u2069', 'Kari'),  # left-to-right isolate and pop
        ('\u200fKari\u200e', 'Kari'),  # right-to-left and left-to-right marks
    ],
)
def test_invisible_and_direction_characters_are_removed(typed: str, shown: str) -> None:
    assert clean_text(typed) == shown


@pytest.mark.parametrize('control', ['\x00', '\x07', '\x1b', '\x7f', '\x9b'])
def test_control_characters_are_removed(control: str) -> None:
    assert clean_text(f'Ka{control}ri') == 'Kari'


def test_private_use_characters_are_removed() -> None:
    assert clean_text('Kari\ue000') == 'Kari'


@pytest.mark.parametrize(
    'typed',
    [
        '  Kari   Nordmann  ',
        'Kari\u00a0Nordmann',  # no-break space
        'Kari \u3000 Nordmann',  # ideographic space
        'Kari\u2003\u2009Nordmann',  # em space and thin space
    ],
)
def test_white_space_is_folded_to_single_spaces_and_trimmed(typed: str) -> None:
    assert clean_text(typed) == 'Kari Nordmann'


def test_only_white_space_and_invisible_characters_make_an_empty_name() -> None:
    assert clean_text(' \u200b \u202e\u00a0 ') == ''


def test_decomposed_letters_are_composed() -> None:
    assert clean_text('a\u030a') == 'å'
    assert clean_text('Bjo\u0308rn') == 'Björn'
    assert len(clean_text('Ha\u030akon')) == 5


@pytest.mark.parametrize(
    'name', ['Ærlige Øystein på Åsen', 'Zoë', 'Kari 🎉', '🇳🇴 Ola', '👍🏽 Per', 'Ἀλέξανδρος', '李明']
)
def test_real_names_emoji_and_norwegian_letters_come_through(name: str) -> None:
    assert clean_text(name) == name


def test_html_in_a_name_is_kept_as_literal_text() -> None:
    name = '<b>Kari</b> & <script>alert(1)</script>'

    assert clean_text(name) == name
    assert join(name=name)[0] == name


# --- validate_join ----------------------------------------------------------------------------------------------


def test_a_plain_join_comes_back_as_sent() -> None:
    assert join(name='Kari', department='Økonomi', language='en') == ('Kari', 'Økonomi', 'en')


def test_the_name_is_optional() -> None:
    assert join(name='') == ('', 'Salg', 'nb')


def test_what_was_sent_comes_back_cleaned() -> None:
    assert join(name='  Ka\u200bri  Nord\u202emann ', department=' Kundeservice ') == (
        'Kari Nordmann',
        'Kundeservice',
        'nb',
    )


def test_a_name_of_forty_characters_is_accepted() -> None:
    name = 'K' * NAME_MAX

    assert NAME_MAX == 40
    assert join(name=name)[0] == name


def test_a_name_of_forty_one_characters_is_refused() -> None:
    assert refused(name='K' * 41) == 'join.name_too_long'


def test_the_limit_counts_what_is_shown_not_what_was_sent() -> None:
    padded = 'K' * 40 + '\u200b' * 10 + '   '
    decomposed = 'a\u030a' * 40  # 80 code points, 40 letters

    assert join(name=padded)[0] == 'K' * 40
    assert join(name=decomposed)[0] == 'å' * 40


def test_a_department_not_in_the_list_is_refused() -> None:
    assert refused(department='Marketing') == 'join.unknown_department'


def test_department_matching_is_exact() -> None:
    assert refused(department='salg') == 'join.unknown_department'


def test_no_department_is_allowed() -> None:
    assert join(department='') == ('Kari', '', 'nb')


def test_a_department_written_with_decomposed_letters_matches() -> None:
    assert join(department='Kafe\u0301')[1] == 'Kafé'


@pytest.mark.parametrize('language', ['de', '', 'NB', 'en-GB'])
def test_an_unknown_language_is_refused(language: str) -> None:
    assert refused(language=language) == 'join.unknown_language'


@pytest.mark.parametrize('language', ['nb', 'en'])
def test_both_app_languages_are_accepted(language: str) -> None:
    assert join(language=language)[2] == language


@pytest.mark.parametrize('gap', ['\n', '\t', '\r\n', '\u2028', '\u2029', '\x85'])
def test_line_breaks_and_tabs_become_one_space_not_glue(gap: str) -> None:
    assert clean_text(f'Kari{gap}Nordmann') == 'Kari Nordmann'


def test_joined_emoji_stay_joined() -> None:
    assert clean_text('👩‍💻 og 👨‍👩‍👧') == '👩‍💻 og 👨‍👩‍👧'
