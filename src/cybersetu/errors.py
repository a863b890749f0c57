"""The one exception type the command line turns into a one-sentence error."""


class CyberSetuError(Exception):
    """A problem the user can fix: bad input, a missing file, an unknown identifier.

    The message is shown as it is, so it must be one clear sentence.
    """


class InputError(CyberSetuError):
    """The input given (a file, an option, an identifier) cannot be used."""
