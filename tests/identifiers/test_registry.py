import builtins
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cybersetu.identifiers as identifiers
from cybersetu.errors import InputError
from cybersetu.identifiers import TYPES, IdentifierType, get_type
from tests.identifiers.strategies import ALL_DIGITS, assert_idempotent


def test_every_type_is_registered_under_its_name() -> None:
    assert set(TYPES) == {
        "phone",
        "vpa",
        "ifsc",
        "account_number",
        "account_id",
        "utr",
        "pan",
        "aadhaar",
        "url",
        "imei",
        "email",
    }
    for name, kind in TYPES.items():
        assert kind.name == name
        assert get_type(name) is kind
        assert kind.label
        assert kind.label_hi
        assert name in repr(kind)


def test_unknown_type() -> None:
    with pytest.raises(InputError, match="known types: aadhaar, account_id"):
        get_type("passport")


def test_public_api_is_exported() -> None:
    for name in identifiers.__all__:
        assert hasattr(identifiers, name), name


@pytest.mark.parametrize("kind", TYPES.values(), ids=list(TYPES))
def test_nothing_is_nothing(kind: IdentifierType) -> None:
    assert kind.clean(None) is None
    assert kind.clean("") is None
    assert kind.clean(" \u200b ") is None
    assert not kind.validate(None)
    with pytest.raises(InputError):
        kind.mask("")


@given(
    st.sampled_from(list(TYPES.values())), st.text(alphabet=ALL_DIGITS + " -+:@.xX", max_size=30)
)
def test_every_type_is_idempotent_on_digit_soup(kind: IdentifierType, raw: str) -> None:
    assert_idempotent(kind, raw)


@given(st.sampled_from(list(TYPES.values())), st.text(max_size=50))
def test_every_type_is_idempotent_and_safe_to_mask(kind: IdentifierType, raw: str) -> None:
    assert_idempotent(kind, raw)
    clean = kind.clean(raw)
    if clean is not None:
        assert kind.mask(clean) == kind.mask(raw)


def test_package_docstring_examples_run() -> None:
    # Running examples leaves the last result in builtins._ (the interactive `_`); undo it, so
    # no later test sees a changed interpreter (test_frozen hashes module namespaces, and a
    # module's namespace holds __builtins__).
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builtins, "_", None, raising=False)
        assert doctest.testmod(identifiers).failed == 0
