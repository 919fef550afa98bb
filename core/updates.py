"""Field assignment for the update services: only the fields a service lets callers change."""


def assign_fields(instance, fields: dict, editable) -> None:
    """Set ``fields`` on ``instance``; refuse any name outside ``editable``.

    A service that set whatever it was given would let a caller change bookkeeping (``version``,
    ``search_words``, tree fields) or misspell a field and have it ignored. An unknown name is a
    programming error in the caller, so it is a ValueError, not a message for the user.
    """
    unknown = sorted(set(fields) - set(editable))
    if unknown:
        raise ValueError(
            f"{type(instance).__name__} cannot be updated with {', '.join(unknown)}; "
            f"editable fields: {', '.join(editable)}"
        )
    for name, value in fields.items():
        setattr(instance, name, value)
