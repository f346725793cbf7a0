"""Read an iCalendar file from stdin with libical (the parser behind Evolution/GNOME) and print
what it understood as JSON. Run by tests with a Python that has PyGObject and ICalGLib 3.0;
it must not import anything from netcrm or the test venv."""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I


def errors(comp):
    found = []
    prop = comp.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = comp.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    child = comp.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found.extend(errors(child))
        child = comp.get_next_component(I.ComponentKind.ANY_COMPONENT)
    return found


def when(t):
    if t.is_date():
        return {"date": f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}"}
    return {"utc": t.as_timet(), "is_utc": t.is_utc()}


def event(comp):
    attendees = []
    prop = comp.get_first_property(I.PropertyKind.ATTENDEE_PROPERTY)
    while prop is not None:
        cn = prop.get_first_parameter(I.ParameterKind.CN_PARAMETER)
        attendees.append([prop.get_attendee(), cn.get_cn() if cn else None])
        prop = comp.get_next_property(I.PropertyKind.ATTENDEE_PROPERTY)
    triggers = []
    alarm = comp.get_first_component(I.ComponentKind.VALARM_COMPONENT)
    while alarm is not None:
        trigger = alarm.get_first_property(I.PropertyKind.TRIGGER_PROPERTY).get_trigger()
        triggers.append(trigger.get_duration().as_int())
        alarm = comp.get_next_component(I.ComponentKind.VALARM_COMPONENT)
    rrule = comp.get_first_property(I.PropertyKind.RRULE_PROPERTY)
    status = comp.get_first_property(I.PropertyKind.STATUS_PROPERTY)
    return {
        "uid": comp.get_uid(),
        "summary": comp.get_summary(),
        "description": comp.get_description(),
        "location": comp.get_location(),
        "start": when(comp.get_dtstart()),
        "end": when(comp.get_dtend()),
        "stamp": when(comp.get_dtstamp()),
        "sequence": comp.get_sequence(),
        "status": status.get_value_as_string() if status else None,
        "attendees": attendees,
        "triggers": triggers,
        "rrule": rrule.get_value_as_string() if rrule else None,
    }


def main():
    text = sys.stdin.buffer.read().decode("utf-8")
    cal = I.Component.new_from_string(text)
    if cal is None:
        print(json.dumps({"errors": ["libical could not parse the file"], "events": []}))
        return
    cal.check_restrictions()
    events = []
    comp = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while comp is not None:
        events.append(event(comp))
        comp = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    print(json.dumps({"errors": errors(cal), "events": events}))


main()
