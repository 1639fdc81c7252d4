"""Question rules: what a phone's text becomes, when it is refused, how the limits and the ranking behave."""

from __future__ import annotations

import pytest

from eventapp.domain.questions import (
    ANSWERED,
    APPROVAL,
    HIDDEN,
    OPEN,
    TEXT_MAX,
    VISIBLE,
    WAITING,
    Question,
    QuestionError,
    SlidingWindow,
    can_vote,
    clean_reason,
    default_words,
    digest,
    first_state,
    matches,
    moderate,
    newest,
    normalise,
    parse_words,
    ranked,
    valid_token,
    validate,
)

# --- normalising --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('raw', 'clean'),
    [
        ('  Hvorfor   flytter vi?  ', 'Hvorfor flytter vi?'),
        ('Hva\u200b med\u200d oss?', 'Hva med oss?'),  # zero-width space and joiner
        ('\u202eevil\u202c text', 'evil text'),  # bidi override and pop
        ('\u2066isolated\u2069', 'isolated'),
        ('tab\there', 'tab here'),
        ('bell\x07 and nul\x00', 'bell and nul'),
        ('line one\r\nline two', 'line one\nline two'),
        ('a\n\n\n\n\nb', 'a\n\nb'),
        ('  \n  first  \n', 'first'),
        ('para\u2029graph', 'para\ngraph'),
        ('\ufeffBOM first', 'BOM first'),
    ],
)
def test_normalise_strips_invisible_characters_and_folds_space(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_normalise_composes_to_nfc_and_keeps_norwegian_letters_and_emoji() -> None:
    decomposed = 'Hva ska\u030a vi gjo\u0308re? Ae\u0301'  # å and ö as base + combining mark
    assert normalise(decomposed) == 'Hva skå vi gjöre? Aé'
    family = 'Blir det kake? 🎂👨\u200d👩\u200d👧 🏳️\u200d🌈 👍🏽 æøå ÆØÅ'
    assert normalise(family) == family  # joiners inside emoji sequences are part of the emoji
    assert normalise('a\u200db 🎂\u200d') == 'ab 🎂'  # elsewhere they are invisible junk


@pytest.mark.parametrize('raw', ['', '   ', '\n\n\t', '\u200b\u200b', '\u202e\u202c', None])
def test_empty_or_invisible_only_is_refused(raw) -> None:
    with pytest.raises(QuestionError) as refused:
        validate(raw)
    assert refused.value.key == 'questions.empty'


def test_length_is_counted_after_normalisation() -> None:
    assert validate('x' * TEXT_MAX) == 'x' * TEXT_MAX
    assert validate('x' * TEXT_MAX + '\u200b' * 50 + '   ') == 'x' * TEXT_MAX
    with pytest.raises(QuestionError) as refused:
        validate('x' * (TEXT_MAX + 1))
    assert refused.value.key == 'questions.too_long'


def test_markup_stays_exactly_as_typed() -> None:
    for payload in ('<script>alert(1)</script>', '{{ 7*7 }}', '[klikk](javascript:alert(1))', '**fet**'):
        assert validate(payload) == payload


def test_a_hide_reason_is_one_short_line() -> None:
    assert clean_reason('  Personangrep\n\ntakk ') == 'Personangrep takk'
    assert len(clean_reason('x' * 500)) == 120


# --- moderation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('state', 'action', 'after'),
    [
        (WAITING, 'approve', VISIBLE),
        (HIDDEN, 'approve', VISIBLE),
        (WAITING, 'hide', HIDDEN),
        (VISIBLE, 'hide', HIDDEN),
        (ANSWERED, 'hide', HIDDEN),
        (VISIBLE, 'answer', ANSWERED),
    ],
)
def test_moderation_moves(state: str, action: str, after: str) -> None:
    assert moderate(state, action) == after


@pytest.mark.parametrize(
    ('state', 'action', 'key'),
    [
        (VISIBLE, 'approve', 'questions.not_now'),
        (HIDDEN, 'hide', 'questions.not_now'),
        (WAITING, 'answer', 'questions.not_now'),
        (VISIBLE, 'delete', 'questions.unknown_action'),
    ],
)
def test_moderation_refuses_what_does_not_apply(state: str, action: str, key: str) -> None:
    with pytest.raises(QuestionError) as refused:
        moderate(state, action)
    assert refused.value.key == key


def test_only_visible_questions_take_votes() -> None:
    assert can_vote(Question(id=1, text='a', session_id=None, state=VISIBLE))
    for state in (WAITING, HIDDEN, ANSWERED):
        assert not can_vote(Question(id=1, text='a', session_id=None, state=state))
    assert not can_vote(None)


# --- word list ----------------------------------------------------------------------------------


def test_first_state_follows_the_mode_and_the_word_list() -> None:
    words = ('idiot', 'dritt*')
    assert first_state('Når kommer lønna?', mode=OPEN, words=words) == VISIBLE
    assert first_state('Når kommer lønna?', mode=APPROVAL, words=words) == WAITING
    assert first_state('Sjefen er en IDIOT!', mode=OPEN, words=words) == WAITING
    assert first_state('Dette er drittsekker', mode=OPEN, words=words) == WAITING


def test_words_match_whole_words_only() -> None:
    assert not matches('Idiotsikker prosess?', ('idiot',))
    assert matches('idiot', ('idiot',))
    assert matches('Hva med «idiot»-regelen?', ('idiot',))
    assert matches('Hva med Jævla mye møter', ('jævla',))
    assert matches('Too many meetings', ('many meetings',))
    assert not matches('anything', ('*',))


def test_default_words_cover_both_languages() -> None:
    words = default_words()
    assert matches('faen heller', words)
    assert matches('this is shit', words)
    assert not matches('Hvorfor flytter vi kontoret?', words)


def test_the_word_list_parses_lines_and_commas() -> None:
    assert parse_words(' Idiot,\n\nDRITT* ,idiot\n  to  ord ') == ('idiot', 'dritt*', 'to ord')
    assert parse_words('') == ()


# --- ranking ------------------------------------------------------------------------------------


def q(qid: int, votes: int) -> Question:
    return Question(id=qid, text=f'q{qid}', session_id=None, state=VISIBLE, votes=votes)


def test_ranking_is_by_votes_then_newest() -> None:
    questions = [q(1, 3), q(2, 5), q(3, 3), q(4, 0)]
    assert [x.id for x in ranked(questions)] == [2, 3, 1, 4]
    assert [x.id for x in newest(questions)] == [4, 3, 2, 1]


# --- keys and tokens ----------------------------------------------------------------------------


def test_digest_depends_on_key_and_every_part() -> None:
    base = digest(b'k' * 32, 'vote', 'a' * 32, '1')
    assert base != digest(b'j' * 32, 'vote', 'a' * 32, '1')
    assert base != digest(b'k' * 32, 'vote', 'a' * 32, '2')
    assert digest(b'k', 'ab', 'c') != digest(b'k', 'a', 'bc')
    assert len(base) == 64


@pytest.mark.parametrize(
    ('token', 'ok'), [('0' * 32, True), ('a1' * 16, True), ('A' * 32, False), ('0' * 31, False), (None, False)]
)
def test_vote_token_format(token, ok: bool) -> None:
    assert valid_token(token) is ok


# --- limits -------------------------------------------------------------------------------------


def test_sliding_window_allows_the_limit_per_minute() -> None:
    window = SlidingWindow(limit=3, seconds=60)
    assert [window.allow('a', t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert window.allow('b', 3)  # another phone is not affected
    assert not window.allow('a', 59.9)
    assert window.allow('a', 60.0)  # the first one left the window
    assert not window.allow('a', 60.5)


def test_refused_attempts_do_not_extend_the_wait() -> None:
    window = SlidingWindow(limit=1, seconds=10)
    assert window.allow('a', 0)
    for t in range(1, 10):
        assert not window.allow('a', t)
    assert window.allow('a', 10)


def test_idle_phones_are_forgotten() -> None:
    window = SlidingWindow(limit=2, seconds=60)
    window.allow('a', 0)
    window.allow('b', 50)
    window.forget_idle(70)
    assert len(window) == 1
