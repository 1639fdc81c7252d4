"""The shipped exercise cards load, cover the method's formats, and agendas that name a card are checked."""

from pathlib import Path

from eventapp.cards import load_cards, with_references
from eventapp.loading import load_agenda

ROOT = Path(__file__).resolve().parent.parent
METHOD_CARDS = {
    'kundecase',
    'rollespill',
    'beslutningsspill',
    'laeringspar',
    'speed-meeting',
    'mikroforpliktelse',
    'mini-retro',
}


def test_every_shipped_card_loads_in_norwegian_and_english() -> None:
    cards = load_cards()
    assert cards.ok, cards.report()
    assert set(cards.cards) >= METHOD_CARDS
    for card in cards.cards.values():
        assert card.text('nb').title != card.text('en').title
        assert [s.minutes for s in card.text('nb').steps] == [s.minutes for s in card.text('en').steps]


def test_the_micro_commitment_card_asks_for_the_72_hour_action() -> None:
    card = load_cards().cards['mikroforpliktelse']
    assert card.format == 'individual'
    assert '72 timer' in card.text('nb').prompt
    assert '72 hours' in card.text('en').prompt


def test_both_sample_agendas_name_only_cards_that_exist_and_fit_their_sessions() -> None:
    cards = load_cards()
    for name in ('kickoff.toml', 'kickoff-en.toml'):
        load = with_references(load_agenda(ROOT / 'agenda' / name), cards)
        assert load.ok and not load.warnings, load.report()


def test_an_unknown_card_is_an_error_with_its_line_and_a_too_short_session_a_warning(tmp_path: Path) -> None:
    text = (ROOT / 'agenda' / 'kickoff.toml').read_text()
    text = text.replace('exercise = "kundecase"', 'exercise = "kundekase"')
    text = text.replace('minutes = 15\nbeat = "build"', 'minutes = 5\nbeat = "build"', 1)  # speed meeting: 15 -> 5
    agenda = tmp_path / 'day.toml'
    agenda.write_text(text)
    load = with_references(load_agenda(agenda), load_cards())
    report = load.report()
    assert not load.ok
    assert 'no exercise card "kundekase"' in report
    line = text.splitlines().index('exercise = "kundekase"') + 1
    assert f'day.toml:{line}: error: sessions[5].exercise' in report
    assert 'the card "speed-meeting" takes 15 minutes, the session 5' in report


def test_a_broken_card_file_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / 'bad.toml').write_text('id = "bad"\nformat = [\n')
    (tmp_path / 'other.toml').write_text((ROOT / 'exercises' / 'kundecase.toml').read_text())
    cards = load_cards(tmp_path)
    assert not cards.ok
    assert 'bad.toml' in cards.report()
    assert 'differs from the file name' in cards.report()
