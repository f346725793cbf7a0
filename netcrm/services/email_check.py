"""The field rules of many people at once (`import yaml` at 10,000 people): each e-mail domain
checked once, and text already known to be clean not searched again field by field.

`email_validator` spends ~0.1 ms an address, most of it on the domain, and the people of
one network share a few domains. An address whose part before the @ is plain ASCII
(RFC 5322 dot-atom, which `email_validator` accepts as it is) and whose domain passed
`domain.bounds.check_email` once is as good as checked; any other address is checked on
its own. The rules themselves are `domain.rules.contact_problems`, unchanged.
"""

from __future__ import annotations

import re

from netcrm.domain.bounds import BoundsError, check_email
from netcrm.domain.model import Contact
from netcrm.domain.rules import contact_problems

# email_validator's dot-atom (rfc_constants.DOT_ATOM_TEXT), and a domain of ASCII letters, digits,
# dots and hyphens that `check_email` judges on its own (the rest of an address cannot change that).
_ATEXT = r"[a-zA-Z0-9_!#$%&'*+/=?^`{|}~-]"
_LOCAL = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*\Z")
_DOMAIN = re.compile(r"[a-zA-Z0-9.-]+\Z")
# Far below the 254 characters an address may have: a longer one is checked on its own.
_SHORT = 200


class EmailCheck:
    """Remembers which domains passed, for one batch of people."""

    def __init__(self) -> None:
        self._domains: dict[str, bool] = {}

    def keeps_the_rules(self, contact: Contact) -> bool:
        """True when `contact`, whose text is known to hold no control character, breaks no rule
        of `contact_problems`. What is already known good is not judged again (as for a stored
        record's unchanged values): the text, and the addresses of domains that passed. So the
        rules look at a person holding only the rest: birthday, time zone, other addresses."""
        rest = Contact(
            id=contact.id, name=contact.name, birthday=contact.birthday, timezone=contact.timezone,
            emails=[e for e in contact.emails if not self._known_good(e)],
        )
        return not contact_problems(rest)

    def _known_good(self, email: str) -> bool:
        local, at, domain = email.rpartition("@")
        if not at or len(email) > _SHORT or not _LOCAL.match(local) or not _DOMAIN.match(domain):
            return False
        good = self._domains.get(domain)
        if good is None:
            try:
                check_email(f"a@{domain}")
                good = True
            except BoundsError:
                good = False
            self._domains[domain] = good
        return good
