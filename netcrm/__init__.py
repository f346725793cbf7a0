"""netcrm: a keyboard-driven terminal CRM for nurturing a professional network."""

__version__ = "0.1.0"
