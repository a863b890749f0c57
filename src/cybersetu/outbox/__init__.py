"""Messages to people (SMS, e-mail): written in the action's transaction, sent after commit."""
