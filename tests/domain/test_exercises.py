"""Exercise card rules: a good card builds; each kind of mistake is named with its key path."""

import copy

import pytest

from eventapp.domain.exercises import build_exercise

GOOD = {
    'id': 'kundecase',
    'format': 'table',
    'roles': ['timekeeper', 'scribe'],
    'nb': {
        'title': 'Kundecase',
        'screen': 'Les caset.',
        'phone': 'Les caset høyt.',
        'prompt': 'Hva gjør vi annerledes?',
        'steps': [{'name': 'Les', 'minutes': 2}, {'name': 'Diskuter', 'minutes': 6}],
    },
    'en': {
        'title': 'Customer case',
        'screen': 'Read the case.',
        'phone': 'Read the case aloud.',
        'steps': [{'name': 'Read', 'minutes': 2}, {'name': 'Discuss', 'minutes': 6}],
    },
}


def broken(change) -> dict:
    raw = copy.deepcopy(GOOD)
    change(raw)
    return raw


def test_a_good_card_builds_in_both_languages() -> None:
    card, problems = build_exercise(GOOD)
    assert problems == []
    assert card is not None
    assert card.minutes == 8
    assert card.text('nb').title == 'Kundecase'
    assert card.text('en').steps[1].name == 'Discuss'
    assert card.text('en').prompt == ''
    assert card.text('xx').title == 'Kundecase'  # unknown language: Norwegian


@pytest.mark.parametrize(
    ('change', 'path'),
    [
        (lambda r: r.update(id='Kunde Case'), 'id'),
        (lambda r: r.update(format='circus'), 'format'),
        (lambda r: r.update(roles=['timekeeper', 'clown']), 'roles'),
        (lambda r: r.update(roles=['scribe', 'scribe']), 'roles'),
        (lambda r: r.update(colour='red'), 'colour'),
        (lambda r: r.pop('en'), 'en'),
        (lambda r: r['nb'].update(title=''), 'nb.title'),
        (lambda r: r['nb'].update(screen='x' * 301), 'nb.screen'),
        (lambda r: r['en'].update(steps=[]), 'en.steps'),
        (lambda r: r['nb']['steps'][1].update(minutes=0), 'nb.steps[1].minutes'),
        (lambda r: r['nb']['steps'][0].update(minutes=True), 'nb.steps[0].minutes'),
        (lambda r: r['en']['steps'][0].update(name=' '), 'en.steps[0].name'),
        (lambda r: r['en']['steps'][0].update(minutes=5), 'en.steps'),  # 11 minutes in en, 8 in nb
    ],
)
def test_each_mistake_is_named_by_its_key_path(change, path: str) -> None:
    card, problems = build_exercise(broken(change))
    assert card is None
    assert path in [p.path for p in problems]
    assert all(p.severity == 'error' and p.hint for p in problems)


def test_every_problem_is_reported_at_once() -> None:
    card, problems = build_exercise(broken(lambda r: r.update(id='', format='', roles='all')))
    assert card is None
    assert {'id', 'format', 'roles'} <= {p.path for p in problems}
