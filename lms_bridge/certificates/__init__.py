"""Certificates anyone can verify: signed codes, PDFs, a register and a static site.

See ``docs/certificates.md``. The pieces: :mod:`.codes` (HMAC-signed codes and the key),
:mod:`.registry` (SQLite), :mod:`.template` and :mod:`.render` (the PDF), :mod:`.issue`
(issue and verify), :mod:`.site` (publish), :mod:`.customcert` (pull from Moodle),
:mod:`.csv_source` and :mod:`.moodle_source` (who completed).
"""
