"""Elements whose all-day props reach the browser once; every later update carries only what changed."""

from __future__ import annotations

from typing import Any, ClassVar

from nicegui import ui


class FixedPropsOnce(ui.element):
    """An element sent in full the first time (with the page, or its first update), and after that without the props
    named in `FIXED`: NiceGUI's browser code keeps those from the copy it has (`preserved_props`, as NiceGUI's own
    inputs keep their value). A broadcast to 2,000 phones then carries only what changed, e.g. the pledge section's
    mode (0.6 of its 1.8 KB) or the session in the "now" view (not its greeting and fixed words).

    Only for props that never change after the element is built; the element's listeners are sent every time
    (NiceGUI replaces an updated element's listeners with the ones in the update)."""

    FIXED: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fixed_sent = False

    def _to_dict(self) -> dict[str, Any]:
        element = super()._to_dict()
        if self._fixed_sent:
            fixed = self.FIXED
            element['props'] = {key: value for key, value in element['props'].items() if key not in fixed}
            element['preserved_props'] = [*element.get('preserved_props', ()), *fixed]
        self._fixed_sent = True
        return element
