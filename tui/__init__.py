"""The reader: the Textual app, its screens, widgets and one stylesheet."""
