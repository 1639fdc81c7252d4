"""Table rounds as the facilitator and the phones use them, on NiceGUI's simulated users (no browser)."""

from .conftest import FACILITATOR, SCREEN
from .test_pages import event_code, join

ROLE_NAMES = ('Tidtaker', 'Sekretær', 'Presentatør', 'Utfordrer')


async def test_panel_refuses_a_round_with_fewer_than_three_present(create_user) -> None:
    screen, phone, panel = create_user(), create_user(), create_user()
    code = await event_code(screen)
    await join(phone, code, name='Kari')
    await panel.open(f'/facilitator?k={FACILITATOR}')
    await panel.should_see('Ingen bordrunde ennå · 1 til stede')
    panel.find(marker='round-start').click()
    panel.find(marker='round-confirm').click()
    await panel.should_see('En bordrunde trenger minst 3 til stede. Nå er 1 her.')
    await panel.should_see('Ingen plan ennå.')
    await phone.should_not_see('Bord 1')


async def test_panel_starts_a_round_checks_out_and_in_and_marks_a_leader(create_user) -> None:
    screen, panel = create_user(), create_user()
    code = await event_code(screen)
    phones = [create_user() for _ in range(4)]
    for phone, (name, department) in zip(
        phones, [('Kari', 'Salg'), ('Ola', 'Drift'), ('Per', 'HR'), ('Åse', 'Økonomi')], strict=True
    ):
        await join(phone, code, name=name, department=department)
    await panel.open(f'/facilitator?k={FACILITATOR}')
    await panel.should_see('Ingen bordrunde ennå · 4 til stede')

    panel.find(marker='people-search').type('Pe')
    await panel.should_see('Per')
    await panel.should_not_see('Kari')
    panel.find(marker='leader').click()
    await panel.should_see('Per er merket som leder/ambassadør.')

    panel.find(marker='round-start').click()
    await panel.should_see('Starte runde 1 nå? Alle får nytt bord.')
    panel.find(marker='round-confirm').click()
    await panel.should_see('Runde 1 er i gang: 1 bord, planlagt på', retries=100)
    await panel.should_see('Runde 1 av 4 · 4 til stede')
    await panel.should_see('Par som møtes igjen: 0 (minst mulig: 0)')  # planned one round ahead: four fit one table
    await panel.should_see('Nye folk møtt per person: minst 3, snitt 3.0 (høyst mulig: 3)')

    await phones[0].should_see('Bord 1')
    await phones[0].should_see('Ved bordet: Ola, Per og Åse')
    roles = [next(iter(phone.find(marker='round').elements)).props['role'] for phone in phones]
    assert sorted(roles) == sorted(ROLE_NAMES)  # four at the table: every role once

    panel.find(marker='people-search').clear().type('Åse')
    panel.find(marker='presence').click()
    await panel.should_see('Åse er sjekket ut og har forlatt bordet.')
    await panel.should_see('Runde 1 av 4 · 3 til stede')
    await phones[0].should_see('Ved bordet: Ola og Per')
    await phones[3].should_not_see('Bord 1')

    panel.find(marker='presence').click()
    await panel.should_see('Åse er sjekket inn og sitter ved bord 1.')
    await phones[3].should_see('Bord 1')
    await phones[0].should_see('Ved bordet: Ola, Per og Åse')


async def test_the_screen_shows_the_table_map_and_find_your_table(create_user) -> None:
    screen, panel = create_user(), create_user()
    code = await event_code(screen)
    for name in ('Kari Nordmann', 'Ola', 'Per'):
        await join(create_user(), code, name=name)
    await panel.open(f'/facilitator?k={FACILITATOR}')
    panel.find(marker='view-tables').click()
    await screen.open(f'/screen?k={SCREEN}')
    await screen.should_see('Ingen bordrunde ennå')
    panel.find(marker='round-start').click()
    panel.find(marker='round-confirm').click()
    await screen.should_see('Bordkart · runde 1', retries=100)
    tables = next(iter(screen.find(marker='tables').elements))
    assert [label.text for label in tables.descendants() if hasattr(label, 'text')] == ['1', 'Kari · Ola · Per']
    panel.find(marker='view-find').click()
    await screen.should_see('Finn bordet ditt · runde 1')
    await screen.should_see('Kari Nordmann')


async def test_the_phone_card_follows_the_day_in_each_phones_language(create_user) -> None:
    screen, panel = create_user(), create_user()
    code = await event_code(screen)
    phones = [create_user() for _ in range(4)]
    for phone, name in zip(phones, ('Kari', 'Ola', 'Per', 'Åse'), strict=True):
        await join(phone, code, name=name)
    phones[3].find(marker='switch-language').click()
    await phones[3].should_see('Hi, Åse!')
    await panel.open(f'/facilitator?k={FACILITATOR}')

    # the speed meeting starts a round by itself; it is done in pairs, so each phone names its partner
    panel.find(marker='jump-speed-meeting').click()
    await phones[0].should_see('Bord 1', retries=100)
    await phones[0].should_see('Speed meeting på tvers')
    await phones[0].should_see('Du jobber med: ')
    await phones[0].should_see('1. Runde 1 · 4 min')
    await phones[3].should_see('Table 1')
    await phones[3].should_see('Speed meeting across the company')
    await phones[3].should_see('You work with: ')
    await phones[0].should_not_see('Speed meeting across the company')

    # lunch names no exercise: the table stays, the card goes
    panel.find(marker='jump-lunsj').click()
    await phones[0].should_see('Lunsj')
    await phones[0].should_not_see('Du jobber med: ')
    await phones[0].should_not_see('1. Runde 1 · 4 min')
    await phones[0].should_see('Bord 1')
    await phones[0].should_see('Ved bordet: Ola, Per og Åse')
    roles = [next(iter(phone.find(marker='round').elements)).props['role'] for phone in phones[:3]]
    assert (
        set(roles) <= set(ROLE_NAMES) and len(set(roles)) == 3
    )  # the pairs had no roles; without a card, four go round

    # the day is over: no table any more
    panel.find(marker='jump-avslutning').click()
    panel.find(marker='primary').click()
    panel.find(marker='confirm-yes').click()
    await panel.should_see('Dagen er ferdig')
    await phones[0].should_not_see('Bord 1')
    await phones[3].should_not_see('Table 1')
