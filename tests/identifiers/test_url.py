import pytest
from hypothesis import given

from cybersetu.identifiers import urls
from tests.identifiers.strategies import assert_idempotent, noisy, url_values


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://sbi-kyc-update.in/login", "https://sbi-kyc-update.in/login"),
        ("HTTPS://SBI-KYC-Update.IN/Login", "https://sbi-kyc-update.in/Login"),  # path case kept
        ("http://sbi-kyc-update.in", "http://sbi-kyc-update.in"),  # a given scheme is kept
        ("sbi-kyc-update.in", "https://sbi-kyc-update.in"),
        ("bit.ly/3xYz", "https://bit.ly/3xYz"),
        ("www.onlinesbi-rewards.xyz/?id=42", "https://www.onlinesbi-rewards.xyz/?id=42"),
        ("www.gupta-shop.kanpur", "https://www.gupta-shop.kanpur"),  # www. allows any TLD
        ("sbi-kyc-update.in.", "https://sbi-kyc-update.in"),
        ("(sbi-kyc-update.in),", "https://sbi-kyc-update.in"),
        ('"https://t.me/joinchat/AbC123".', "https://t.me/joinchat/AbC123"),
        (
            "https://en.wikipedia.org/wiki/Mule_(slang)",
            "https://en.wikipedia.org/wiki/Mule_(slang)",
        ),
        ("https://sbi.co.in:443/", "https://sbi.co.in"),
        ("http://sbi.co.in:80/x", "http://sbi.co.in/x"),
        ("http://103.21.58.14:8080/kyc", "http://103.21.58.14:8080/kyc"),
        ("hxxps://sbi-kyc-update[.]in/login", "https://sbi-kyc-update.in/login"),
        ("https://www.sbi.co.in@evil-kyc.in/x", "https://www.sbi.co.in@evil-kyc.in/x"),
        ("http://भारत.in/", "http://xn--h2brj9c.in"),
        ("https://sbi.co.in./#top", "https://sbi.co.in/#top"),
        ("onlinesbi.sbi", "https://onlinesbi.sbi"),
    ],
)
def test_valid_urls(raw: str, clean: str) -> None:
    assert urls.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "rahul@gmail.com",  # e-mail
        "9876543210@ybl",  # VPA
        "Rs.500",
        "e.g.",
        "i.e.",
        "file.txt",
        "₹1.5",
        "9876543210",
        "103.21.58.14",  # a bare IP needs a scheme
        "localhost",
        "ftp://files.example.com/a",
        "javascript:alert(1)",
        "mailto:rahul@gmail.com",
        "https://",
        "https://sbi kyc.in",
        "https://-sbi.in",
        "https://sbi_kyc.in",
        "https://sbi.in:99999",
        "https://sbi.in:abc",
        "https://sbi.123",
        "",
    ],
)
def test_not_urls(raw: str) -> None:
    assert urls.clean(raw) is None


@pytest.mark.parametrize(
    ("raw", "host", "domain"),
    [
        ("https://www.sbi-kyc-update.in/x", "www.sbi-kyc-update.in", "sbi-kyc-update.in"),
        ("bit.ly/3xYz", "bit.ly", "bit.ly"),
        ("https://retail.onlinesbi.sbi.co.in", "retail.onlinesbi.sbi.co.in", "sbi.co.in"),
        ("https://sbi-reward.web.app/claim", "sbi-reward.web.app", "sbi-reward.web.app"),
        ("https://u:p@kyc.evil.com:8443/a", "kyc.evil.com", "evil.com"),
        ("http://103.21.58.14:8080/kyc", "103.21.58.14", "103.21.58.14"),
    ],
)
def test_host_and_domain(raw: str, host: str, domain: str) -> None:
    assert urls.host(raw) == host
    assert urls.domain(raw) == domain


def test_http_and_scheme_less_forms_share_a_domain() -> None:
    assert urls.domain("http://sbi-kyc-update.in") == urls.domain("sbi-kyc-update.in")


def test_mask_is_identity() -> None:
    assert urls.mask("bit.ly/3xYz") == "https://bit.ly/3xYz"


@given(url_values)
def test_generated_urls(url: str) -> None:
    clean = urls.clean(url)
    assert clean is not None
    assert clean.startswith(("http://", "https://"))
    assert urls.domain(clean) in clean
    assert_idempotent(urls, url)


@given(noisy("abc.in/:?#@()[]{}<>'\",.!hxxps WWW-_%0981"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(urls, raw)
