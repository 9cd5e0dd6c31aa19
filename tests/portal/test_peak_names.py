"""A peak's name on an English page (QZ16 #8: the heatmap's day view showed the tag 'Giao thừa' untranslated): the
peak roster gives every campaign by itself is the system's word, said in the page's language ("New Year's Eve
(Giao thừa)"); a peak an administrator named is a proper name and reads as typed in either language."""

from __future__ import annotations

import html
import re

from .test_address_values import C1, CAMPAIGN, INSPECTOR, Services, _visit

PEAKS = [
    {"name": "Giao thừa", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z"},
    {"name": "Cao điểm mùng 2 (Sở đặt)", "starts_at": "2027-02-07T01:00:00Z", "ends_at": "2027-02-07T10:00:00Z"},
]


def _tags(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<span class="tag peak">([^<]*)</span>', page)]


async def test_the_built_in_peak_reads_in_english_and_an_administrators_as_typed() -> None:
    campaign = {**CAMPAIGN, "peaks": PEAKS}
    services = Services(INSPECTOR, {("audit", "/campaigns"): [campaign], ("roster", "/campaigns"): [campaign]})
    eve = f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-05"
    second = f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-07"
    vi_eve, vi_second, _, en_eve, en_second = await _visit(services, eve, second, "/lang/en", eve, second)
    assert _tags(vi_eve.text) == ["Giao thừa"]
    assert _tags(en_eve.text) == ["New Year's Eve (Giao thừa)"]
    assert _tags(vi_second.text) == _tags(en_second.text) == ["Cao điểm mùng 2 (Sở đặt)"]
