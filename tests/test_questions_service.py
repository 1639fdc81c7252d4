"""The questions service against a real database file: what is stored, what is refused, what is emitted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventapp.domain.questions import HIDDEN, VISIBLE, WAITING, Limits, QuestionError, digest
from eventapp.questions import ASKED, MODERATED, Change, Questions
from eventapp.store import Store
from eventapp.store.questions import QuestionStore

TOKEN = 'ab' * 16
SUB = '0123456789abcdef' * 2


class Ticks:
    """A hand-moved monotonic clock for the per-minute limits."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / 'event.db'


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    store = Store.open(db_path)
    yield store
    store.close()


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def service(store: Store, ticks: Ticks) -> Questions:
    return Questions(store=QuestionStore(store.db), session=lambda: 'apning', ticks=ticks)


def stored(db_path: Path, sql: str) -> list[tuple]:
    """What another connection reads from the file right now (so: committed)."""
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql).fetchall()


def test_an_asked_question_is_committed_normalised_and_tied_to_the_session(service: Questions, db_path: Path) -> None:
    seen: list[Change] = []
    service.changed.subscribe(seen.append)
    asked = service.ask('phone-1', '  Hvorfor\u200b flytter vi?  ', SUB)
    assert asked.new and asked.question.state == VISIBLE
    assert stored(db_path, 'SELECT text, session_id, state, votes FROM questions') == [
        ('Hvorfor flytter vi?', 'apning', 'visible', 0)
    ]
    assert [c.kind for c in seen] == [ASKED]
    assert [q.text for q in seen[0].board.top] == ['Hvorfor flytter vi?']


def test_the_same_submission_makes_one_question(service: Questions, db_path: Path) -> None:
    first = service.ask('phone-1', 'Én gang', SUB)
    again = service.ask('phone-1', 'Én gang', SUB)  # double tap, replayed message, retry after reconnect
    assert not again.new and again.question.id == first.question.id
    other = service.ask('phone-1', 'Et annet spørsmål', SUB)  # same id, new text: not a replay
    assert other.new
    assert stored(db_path, 'SELECT count(*) FROM questions') == [(2,)]


def test_three_questions_a_minute_then_a_message_and_nothing_stored(
    service: Questions, ticks: Ticks, db_path: Path
) -> None:
    for n in range(3):
        service.ask('phone-1', f'Spørsmål {n}', f'{n:032x}')
    with pytest.raises(QuestionError) as refused:
        service.ask('phone-1', 'Ett til', 'f' * 32)
    assert refused.value.key == 'questions.too_many_asks'
    service.ask('phone-2', 'Fra en annen telefon', 'e' * 32)
    assert stored(db_path, 'SELECT count(*) FROM questions') == [(4,)]
    ticks.now += 60
    service.ask('phone-1', 'Ett til', 'f' * 32)


def test_the_limits_are_configurable(store: Store, ticks: Ticks) -> None:
    service = Questions(
        store=QuestionStore(store.db), limits=Limits(asks_per_minute=1, votes_per_minute=1), ticks=ticks
    )
    a = service.ask('p', 'a', 'a' * 32).question
    b = service.ask('q', 'b', 'b' * 32).question
    with pytest.raises(QuestionError):
        service.ask('p', 'c', 'c' * 32)
    service.vote('p', a.id, up=True)
    with pytest.raises(QuestionError) as refused:
        service.vote('p', b.id, up=True)
    assert refused.value.key == 'questions.too_many_votes'


def test_bad_text_is_refused_before_anything_is_stored(service: Questions, db_path: Path) -> None:
    for text, key in (('   ', 'questions.empty'), ('x' * 281, 'questions.too_long')):
        with pytest.raises(QuestionError) as refused:
            service.ask('phone-1', text, SUB)
        assert refused.value.key == key
    assert stored(db_path, 'SELECT count(*) FROM questions') == [(0,)]


def test_a_flood_of_votes_from_one_phone_counts_once_and_can_be_withdrawn(service: Questions, db_path: Path) -> None:
    question = service.ask('asker', 'Stem på meg', SUB).question
    service.bind_token('voter', TOKEN)
    for _ in range(50):
        service.vote('voter', question.id, up=True)
    assert service.board.top[0].votes == 1
    assert stored(db_path, 'SELECT votes FROM questions') == [(1,)]
    assert service.voted('voter', [question.id]) == {question.id}
    service.vote('voter', question.id, up=False)
    service.vote('voter', question.id, up=False)
    assert stored(db_path, 'SELECT votes FROM questions') == [(0,)]
    assert stored(db_path, 'SELECT count(*) FROM question_votes') == [(0,)]


def test_a_phone_cannot_switch_to_a_fresh_token_to_vote_again(service: Questions) -> None:
    question = service.ask('asker', 'Stem på meg', SUB).question
    assert service.bind_token('voter', TOKEN) == TOKEN
    service.vote('voter', question.id, up=True)
    assert service.bind_token('voter', 'cd' * 16) == TOKEN  # a script presenting a new token is ignored
    service.vote('voter', question.id, up=True)
    assert service.board.top[0].votes == 1


def test_a_vote_survives_a_restart_through_the_phones_own_token(store: Store, service: Questions) -> None:
    question = service.ask('asker', 'Stem på meg', SUB).question
    service.bind_token('voter', TOKEN)
    service.vote('voter', question.id, up=True)
    restarted = Questions(store=QuestionStore(store.db))
    restarted.bind_token('voter-after-restart', TOKEN)  # same phone, same localStorage token
    assert restarted.voted('voter-after-restart', [question.id]) == {question.id}
    restarted.vote('voter-after-restart', question.id, up=True)
    assert restarted.board.top[0].votes == 1


@pytest.mark.parametrize('target', [999, '1', None, -1, 1.0])
def test_votes_for_unknown_or_forged_ids_change_nothing(service: Questions, db_path: Path, target) -> None:
    service.ask('asker', 'Finnes', SUB)
    with pytest.raises(QuestionError) as refused:
        service.vote('voter', target, up=True)
    assert refused.value.key == 'questions.cannot_vote'
    assert stored(db_path, 'SELECT count(*) FROM question_votes') == [(0,)]


def test_hidden_questions_take_no_votes_and_leave_the_board_at_once(service: Questions, db_path: Path) -> None:
    question = service.ask('asker', 'Skjul meg', SUB).question
    seen: list[Change] = []
    service.changed.subscribe(seen.append)
    service.moderate(question.id, 'hide', '  Personangrep  ')
    assert seen[-1].kind == MODERATED and seen[-1].board.top == ()
    assert seen[-1].board.counts[HIDDEN] == 1
    with pytest.raises(QuestionError):
        service.vote('voter', question.id, up=True)
    assert stored(db_path, 'SELECT state, reason FROM questions') == [('hidden', 'Personangrep')]


def test_approval_mode_and_the_word_list_hold_questions(service: Questions, store: Store) -> None:
    assert service.ask('a', 'Du er en idiot', '1' * 32).question.state == WAITING  # default word list, open mode
    assert service.ask('b', 'Helt greit spørsmål', '2' * 32).question.state == VISIBLE
    service.set_mode('approval')
    held = service.ask('c', 'Vent på meg', '3' * 32).question
    assert held.state == WAITING
    assert [q.id for q in service.board.top] == [2]
    service.moderate(held.id, 'approve')
    assert held.id in [q.id for q in service.board.top]
    service.set_words('kake\n')
    service.set_mode('open')
    assert service.ask('d', 'Blir det kake?', '4' * 32).question.state == WAITING
    assert service.ask('e', 'Du er en idiot igjen', '5' * 32).question.state == VISIBLE
    restarted = Questions(store=QuestionStore(store.db))  # mode and words are kept
    assert restarted.board.mode == 'open' and restarted.board.words == ('kake',)


def test_answer_and_highlight(service: Questions) -> None:
    question = service.ask('a', 'Hva skjer nå?', SUB).question
    service.highlight(question.id)
    assert service.board.highlighted.id == question.id
    service.moderate(question.id, 'answer')
    assert service.board.counts['answered'] == 1 and service.board.top == ()
    with pytest.raises(QuestionError):
        service.moderate(question.id, 'answer')
    service.moderate(question.id, 'hide')
    assert service.board.highlighted is None  # a hidden question leaves the big screen too


def test_nothing_stored_links_a_question_or_a_vote_to_a_phone(store: Store, service: Questions, db_path: Path) -> None:
    question = service.ask('participant-123', 'Anonymt?', SUB).question
    service.bind_token('participant-123', TOKEN)
    service.vote('participant-123', question.id, up=True)
    columns = {row[1] for row in stored(db_path, 'PRAGMA table_info(questions)')}
    assert columns == {'id', 'text', 'session_id', 'state', 'reason', 'votes'}
    dump = '\n'.join(str(row) for table in ('questions', 'question_votes', 'question_submissions', 'question_settings')
                     for row in stored(db_path, f'SELECT * FROM {table}'))  # fmt: skip
    for secret in ('participant-123', TOKEN, SUB):
        assert secret not in dump
    # with the stored key, the participant id does not give the vote's digest: the token lives only on the phone
    key = bytes.fromhex(stored(db_path, "SELECT value FROM question_settings WHERE key = 'vote_key'")[0][0])
    digests = {row[0] for row in stored(db_path, 'SELECT digest FROM question_votes')}
    assert digest(key, 'vote', 'participant-123', str(question.id)) not in digests
    assert digest(key, 'vote', TOKEN, str(question.id)) in digests  # only the phone's token opens it


def test_export_reads_every_question_with_votes_state_session_and_reason(service: Questions, store: Store) -> None:
    a = service.ask('a', 'Første', '1' * 32).question
    b = service.ask('b', 'Andre', '2' * 32).question
    service.vote('c', a.id, up=True)
    service.moderate(b.id, 'hide', 'Dobbelt')
    rows = [(q.text, q.session_id, q.votes, q.state, q.reason) for q in QuestionStore(store.db).questions()]
    assert rows == [('Første', 'apning', 1, 'visible', ''), ('Andre', 'apning', 0, 'hidden', 'Dobbelt')]
