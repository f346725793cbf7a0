"""Pure readers and writers of file formats: bytes or text in, domain records out and back.

Nothing here opens the database or writes a file of its own; the use cases in
`netcrm.services` own the I/O and call these.
"""
