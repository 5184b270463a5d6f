"""Hash-list exchange: importing, fetching and exporting hash lists, and feedback on matches.

- ``formats``: parsers and serialisers for our CSV, the python-threatexchange line format and the
  Tech Against Terrorism hash-list JSON (pure).
- ``imports``: ``hash_list_import`` (a file, all or nothing), the shared bulk apply, exports.
- ``fetch``: ``source_fetch`` for an ``ExchangeSource``, page by page with checkpoints.
- ``feedback``: our decisions on cases raised by matches, per bank entry.
- ``tasks``: the scheduled fetch of every enabled source.
"""
