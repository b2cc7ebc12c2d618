from django.test import RequestFactory, override_settings

from jiaoguan.core.http import client_address


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_proxies_the_socket_address_counts_and_headers_are_ignored():
    assert client_address(request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.2"


@override_settings(JIAOGUAN_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_last_forwarded_hop_is_the_client():
    # The client forged the first entry; the proxy appended the real one.
    assert client_address(request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request()) == "10.0.0.2"


@override_settings(JIAOGUAN_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_second_last_hop_is_the_client():
    assert client_address(request(HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.9")) == "203.0.113.9"
