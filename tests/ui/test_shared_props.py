"""Shared channels on NiceGUI's simulated users: the server's copy of every follower's props follows a publish, an
element with props of its own gets them even if it changed channel meanwhile, and leaving a channel tells the
browser."""

from nicegui import ui
from nicegui.testing import User

from eventapp.ui.shared_props import SharedChannel, SharedProps


class Shown(SharedProps):
    """A plain element that can follow a channel; `should_see` reads its `text` prop."""

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props.get('text', '')]


async def test_a_publish_reaches_every_follower_and_an_own_update_survives_a_channel_switch(user: User) -> None:
    top, new = SharedChannel('test:top', {'text': 'first'}), SharedChannel('test:new', {'text': 'first'})
    elements: list[Shown] = []

    @ui.page('/shared-test')
    def page() -> None:
        for _ in range(3):
            element = Shown()
            top.follow(element)
            elements.append(element)

    await user.open('/shared-test')
    await user.should_see('first')
    mover, own, plain = elements
    new.follow(mover)  # switches channel before the publish below reaches it
    await top.publish({'text': 'second'}, own={own: {'mine': 1}, mover: {'mine': 2}})
    assert plain.props['text'] == own.props['text'] == 'second' and plain.props['sharedV'] == top.version == 1
    assert own.props['mine'] == 1 and mover.props['mine'] == 2  # the one that left still got its own props
    assert mover.props['text'] == 'first' and mover.props['channel'] == 'test:new'

    top.unfollow(plain)
    await top.publish({'text': 'third'})
    assert plain.props['channel'] == '' and plain.props['text'] == 'second'
    assert own.props['text'] == 'third'
