"""The ``lms-bridge`` command line: thin wrappers over the library, one module per group."""
