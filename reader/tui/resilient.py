"""A failing handler or action is a notification, not the end: the app, and the widget whose
handler failed, carry on (issue 9, "the app must not die").

Textual ends the app on any exception from a message handler, an event handler or a key's
action, and stops the message loop of the widget it came from. `ReportsFailures`, mixed into
the app and into each of our screens and widgets, catches the exception where that widget
dispatches the message, so its loop goes on to the next one, and shows it with `report_failure`
(the one way failures are shown, workers' included). A failure while the app is still starting
(its library screen not yet mounted) is left to Textual: the app exits with the traceback.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message
from textual.message_pump import MessagePumpClosed

from reader.tui.untrusted import visible

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

    _Pump = MessagePump
else:
    _Pump = object


def report_failure(app: App, error: BaseException) -> None:
    """Show `error` as an error notification: its type in the title, its message as plain text;
    the traceback goes to the log (`textual console`) for whoever debugs it."""
    app.log.error("".join(traceback.format_exception(error)))
    app.notify(
        visible(str(error) or repr(error)),
        title=f"Failed: {type(error).__name__}",
        severity="error",
        timeout=10,
        markup=False,
    )


def app_started(app: App) -> bool:
    """Whether the app is past its start-up: running, with its first screen mounted."""
    return app.is_running and bool(app.screen_stack) and app.screen_stack[0].is_mounted


class ReportsFailures(_Pump):
    """Mixed into an App, Screen or Widget (before the Textual class): an exception from any of
    its handlers or actions is reported in the app, and it keeps handling messages."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)
        except MessagePumpClosed:
            raise
        except Exception as error:
            starting = isinstance(message, (events.Compose, events.Mount, events.Load))
            if starting and not app_started(self.app):
                raise
            report_failure(self.app, error)
