"""The councillor's terminal: a Textual chat that answers with its sources."""
