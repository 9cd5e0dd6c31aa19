"""domain.linked_records: which staff record is the account's own, and which choice the form asks about first."""

from __future__ import annotations

import unicodedata

from portal.domain.linked_records import asks_about, is_own_record


def test_a_record_is_the_accounts_own_when_its_e_mail_is_the_login_however_written() -> None:
    assert is_own_record("hungnv@vnpt-longan.vn", "hungnv@vnpt-longan.vn")
    assert is_own_record("  HungNV@VNPT-LongAn.vn ", "hungnv@vnpt-longan.vn\t")
    decomposed = unicodedata.normalize("NFD", "hưng@sở.vn")  # as some keyboards send it
    assert is_own_record(decomposed, "HƯNG@SỞ.VN")
    assert not is_own_record("hungnv@vnpt-longan.vn", "nguoikhac@vnpt-longan.vn")
    assert not is_own_record("hungnv@vnpt-longan.vn", "hungnv@vnpt.vn")
    for none_given in (None, "", "   "):  # no e-mail: nothing says it is theirs
        assert not is_own_record("hungnv@vnpt-longan.vn", none_given)


def test_only_a_newly_chosen_record_not_yet_confirmed_is_asked_about() -> None:
    assert asks_about("p4", linked=None, confirmed="")
    assert asks_about("p4", linked="p1", confirmed="p5")  # confirmed another record: this one asks again
    assert not asks_about("p4", linked=None, confirmed="p4")
    assert not asks_about("p1", linked="p1", confirmed="")  # the record it already has
    assert not asks_about("", linked="p1", confirmed="")  # unlinking asks nothing
