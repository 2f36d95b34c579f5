"""Reading a spreadsheet a person exported (CSV in any of the region's encodings, or XLSX) into
a header and numbered rows of text cells.

Shared by every feature that takes a sheet from a coordinator (sync's rosters, certificates'
face-to-face completions), so they detect encodings, sniff delimiters and number rows the same way.
It knows nothing of what the columns mean.
"""
