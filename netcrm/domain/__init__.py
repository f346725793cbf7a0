"""Pure data and rules: no I/O, no Textual, and the clock is always a parameter."""
