"""The chat's screens beyond the main one: the source viewer, help and dialogs."""
