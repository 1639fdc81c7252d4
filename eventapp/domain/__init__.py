"""The pure domain: rules and values, no NiceGUI, no SQLite, no I/O, no clock unless passed in."""
