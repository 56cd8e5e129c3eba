"""One module per study note (``note000`` … ``note004``), each exporting ``CLAIMS``: a tuple
of ``explorer.notes.Claim``. ``explorer.notes`` gathers them."""
