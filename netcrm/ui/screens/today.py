"""Today's reach-out queue: who, why, what to say; done / skip / snooze in one key.

`d` asks how you reached out (kind, optional note, one line) and logs it now
(the person stays listed, ticked), `s` skips them for today and `z` snoozes
them for a week (both bring the next person up), `n` pulls in the next person
waiting once the day's target is met, `enter` closes the screen choosing that
person, `escape` closes it. Dismisses with a `ScreenResult` saying whether
anything was written.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.domain.today import DayQueue, QueueEntry
from netcrm.errors import NetcrmError
from netcrm.services import today as service
from netcrm.services.workspace import Workspace
from netcrm.ui.colours import style as colour
from netcrm.ui.screens.result import ScreenResult
from netcrm.ui.shown import shown, shown_record
from netcrm.ui.widgets.done_bar import DoneBar
from netcrm.ui.widgets.pick_list import PickList


def entry_text(entry: QueueEntry) -> Text:
    c = shown_record(entry.contact)
    text = Text()
    text.append("✓ " if entry.done else "• ", style=colour("good") if entry.done else "bold")
    text.append(c.name, style="bold strike" if entry.done else "bold")
    where = " · ".join(x for x in (c.title, c.department, c.org) if x)
    if where:
        text.append(f"  {where}", style="dim")
    text.append("\n  " + shown("; ".join(entry.reasons)), style=colour("attention"))
    if entry.starter:
        text.append(f"\n  ✎ {shown(entry.starter)}", style="italic")
    text.append("\n")  # a blank line between people
    return text


class TodayScreen(Screen[ScreenResult]):
    CSS_PATH = Path(__file__).with_name("today.tcss")
    BINDINGS = [
        Binding("d", "done", "Done"),
        Binding("s", "skip", "Skip today"),
        Binding("z", "snooze", "Snooze 1 week"),
        Binding("n", "next", "One more"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.changed = False
        self.queue: DayQueue | None = None
        self.extra = 0  # people pulled in beyond the daily target with `n`
        self.asking: QueueEntry | None = None  # the person the done bar asks about

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="today-head")
            yield Static(id="today-note")
            yield PickList(id="today-queue")
            yield DoneBar(id="done-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_queue()
        self.set_focus(self.query_one(OptionList))

    def refresh_queue(self) -> None:
        queue = self.queue = service.today_queue(self.ws, self.extra)
        day = queue.day.strftime("%A %d %B")
        self.query_one("#today-head", Static).update(f"Today · {day} · {queue.done} of {len(queue.entries)} done")
        notes = []
        if not queue.work_day:
            notes.append("a day off: only if you feel like it")
        if queue.waiting:
            notes.append(f"{queue.waiting} more waiting" + (" · n pulls in the next" if self.target_met() else ""))
        if queue.skipped:
            notes.append(f"{queue.skipped} skipped today")
        if not queue.entries:
            notes.append("nobody to reach out to today: everyone is warm")
        self.query_one("#today-note", Static).update(" · ".join(notes))
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.set_options(Option(entry_text(e), id=e.contact.id) for e in queue.entries)
        if queue.entries:
            options.highlighted = min(keep or 0, len(queue.entries) - 1)

    def selected(self) -> QueueEntry | None:
        options = self.query_one(OptionList)
        if self.queue is None or options.highlighted is None or not self.queue.entries:
            return None
        return self.queue.entries[options.highlighted]

    def target_met(self) -> bool:
        queue = self.queue
        return queue is not None and all(e.done for e in queue.entries)

    def _act(self, verb: str, kind: str = "message", note: str = "") -> None:
        entry = self.selected() if verb != "done" else self.asking
        if entry is None:
            return
        person = entry.contact
        try:
            if verb == "done":
                service.mark_done(self.ws, person, kind=kind, note=note)
                message = f"Logged {kind} with {person.name}"
            elif verb == "skip":
                service.skip(self.ws, person)
                message = f"Skipped {person.name} for today"
            else:
                until = service.snooze_week(self.ws, person).snoozed_until
                message = f"Snoozed {person.name} until {until}"
        except NetcrmError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.changed = True
        self.app.notify(message)
        self.refresh_queue()

    def action_done(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.done:
            self.app.notify(f"{entry.contact.name}: already done today")
            return
        self.asking = entry
        self.query_one(DoneBar).ask(entry.contact.name)

    def on_done_bar_submitted(self, event: DoneBar.Submitted) -> None:
        self.set_focus(self.query_one(OptionList))
        self._act("done", event.kind, event.note)
        self.asking = None

    def on_done_bar_cancelled(self) -> None:
        self.asking = None
        self.set_focus(self.query_one(OptionList))

    def action_next(self) -> None:
        """n: one more person today, once everyone queued is done."""
        queue = self.queue
        if queue is None or not queue.waiting:
            self.app.notify("No one else is waiting today")
            return
        if not self.target_met():
            self.app.notify("Today's people first: n pulls in one more once they are done", severity="warning")
            return
        self.extra += 1
        self.refresh_queue()
        self.query_one(OptionList).highlighted = len(self.queue.entries) - 1 if self.queue else None

    def action_skip(self) -> None:
        self._act("skip")

    def action_snooze(self) -> None:
        self._act("snooze")

    def action_close(self) -> None:
        self.dismiss(ScreenResult(self.changed))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(ScreenResult(self.changed, event.option.id))
