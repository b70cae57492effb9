"""One module per screen; dialogs are modal screens that return a typed value."""
